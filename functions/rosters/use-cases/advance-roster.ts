import type { Clock } from '../../../shared/ports.js';
import { RIDER_SHARDS } from '../domain/rider.js';
import { finishedEvent, nextStep, type Roster } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';
import { shardTasks, type RosterTasks } from '../tasks.js';

export interface AdvanceRosterPorts {
  rosters: Pick<RosterRepository, 'get' | 'claimShardTasks' | 'fail' | 'finish'>;
  tasks: RosterTasks;
  clock: Clock;
  province: string;
}

/** What a roster step came to: recorded (others still running), the roster completed, skipped (it had left processing), or failed it. */
export type StepOutcome = { outcome: 'recorded' | 'completed' | 'skipped' } | { outcome: 'failed'; reason: string };

/**
 * After a step was recorded (or found recorded before), does what comes next: reads the roster
 * consistently and, as `nextStep` decides, sends the shard tasks of a snapshot whose chunks are
 * all sorted into shards (the one chunk that claims them does), or completes the roster on
 * condition every step was recorded, announcing it (RosterFinished) in the same transaction.
 */
export async function advanceRoster(rosterId: string, after: { step: 'chunk'; seq: number } | { step: 'shard' }, ports: AdvanceRosterPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(rosterId, { consistent: true });
  if (!roster) return { outcome: 'skipped' };
  const next = nextStep(roster, after.step);
  if (next === 'shards' && after.step === 'chunk' && (await ports.rosters.claimShardTasks(roster.id, after.seq))) await ports.tasks.send(shardTasks(roster.id));
  if (next !== 'finish') return { outcome: 'recorded' };
  const done = { chunks: roster.chunks!, ...(roster.mode === 'snapshot' ? { shards: RIDER_SHARDS } : {}) };
  const now = ports.clock.now();
  const event = finishedEvent(roster, { status: 'completed' }, { province: ports.province, now });
  return (await ports.rosters.finish(roster, done, now.toISOString(), event)) ? { outcome: 'completed' } : { outcome: 'skipped' };
}

/** Fails a roster that cannot be applied, on condition it is still processing, with a reason the partner reads (and is told of). */
export async function failRoster(roster: Roster, reason: string, ports: Pick<AdvanceRosterPorts, 'rosters' | 'clock' | 'province'>): Promise<StepOutcome> {
  await ports.rosters.fail(roster, reason, finishedEvent(roster, { status: 'failed', reason }, { province: ports.province, now: ports.clock.now() }));
  return { outcome: 'failed', reason };
}
