import type { Capacity } from '../../../shared/capacity.js';
import type { RosterRepository } from '../repository.js';
import type { RosterTask } from '../tasks.js';
import type { StepOutcome } from './advance-roster.js';
import { applyChunk, type ApplyChunkPorts } from './apply-chunk.js';
import { applyShard, type ApplyShardPorts } from './apply-shard.js';

type StepRosters = ApplyChunkPorts['rosters'] & ApplyShardPorts['rosters'];

export type RosterStepPorts = Omit<ApplyChunkPorts & ApplyShardPorts, 'rosters'> & {
  rosters: Pick<RosterRepository, 'addCapacity'>;
  /** The roster repository, adding what each of its requests consumed to `capacity`. */
  meteredRosters(capacity: Capacity): StepRosters;
};

/**
 * Runs one step of applying a roster (a chunk's rows, or a snapshot's shard) and adds the
 * DynamoDB capacity it consumed to the roster's, so a partner sees what a roster cost: a daily
 * snapshot of unchanged riders costs reads, not writes.
 */
export async function runRosterStep(task: RosterTask, ports: RosterStepPorts): Promise<StepOutcome & { capacity: Capacity }> {
  const capacity: Capacity = { readUnits: 0, writeUnits: 0 };
  const step = { ...ports, rosters: ports.meteredRosters(capacity) };
  const result = task.step === 'chunk' ? await applyChunk(task, step) : await applyShard(task, step);
  if (result.outcome !== 'skipped') await ports.rosters.addCapacity(task.rosterId, capacity);
  return { ...result, capacity };
}
