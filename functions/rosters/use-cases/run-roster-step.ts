import { metered } from '../../../shared/capacity.js';
import type { RosterRepository } from '../repository.js';
import type { RosterTask } from '../tasks.js';
import type { StepOutcome } from './advance-roster.js';
import { applyChunk, type ApplyChunkPorts } from './apply-chunk.js';
import { countDepartures, type CountDeparturesPorts } from './count-departures.js';

export type RosterStepPorts = ApplyChunkPorts & CountDeparturesPorts & { rosters: Pick<RosterRepository, 'addCapacity'> };

/**
 * Runs one step of applying a roster (a chunk's rows, or a shard's departures) and adds the
 * DynamoDB capacity it consumed to the roster's, so a partner sees what a roster cost: a daily
 * snapshot of unchanged riders costs reads, not writes.
 */
export async function runRosterStep(task: RosterTask, ports: RosterStepPorts): Promise<StepOutcome & { capacity: { readUnits: number; writeUnits: number } }> {
  const { result, capacity } = await metered(() => (task.step === 'chunk' ? applyChunk(task, ports) : countDepartures(task, ports)));
  if (result.outcome !== 'skipped') await ports.rosters.addCapacity(task.rosterId, capacity);
  return { ...result, capacity };
}
