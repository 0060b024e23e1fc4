import type { Clock } from '../../../shared/ports.js';
import { stalledBefore, stalledReason } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface FailStalledRostersPorts {
  rosters: Pick<RosterRepository, 'stalledSince' | 'fail'>;
  clock: Clock;
}

/**
 * A roster still `processing` long after it was completed will not finish (its RosterCompleted
 * message went to the DLQ), so the partner is told `failed` instead of waiting forever.
 * Redriving the message from the DLQ cannot revive it: applying skips rosters no longer processing.
 *
 * 1. Find the rosters that entered processing more than `STALLED_AFTER_MINUTES` before `now`.
 * 2. Fail each, on condition it is still processing (one that completed meanwhile stays completed).
 * 3. Answer how many were failed.
 */
export async function failStalledRosters(ports: FailStalledRostersPorts): Promise<{ failed: number }> {
  const stalled = await ports.rosters.stalledSince(stalledBefore(ports.clock.now()));
  let failed = 0;
  for (const rosterId of stalled) {
    if (await ports.rosters.fail(rosterId, stalledReason)) failed++;
  }
  return { failed };
}
