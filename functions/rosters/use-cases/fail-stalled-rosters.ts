import type { Clock } from '../../../shared/ports.js';
import { finishedEvent, stalledBefore, stalledReason, unfinishedBefore } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface FailStalledRostersPorts {
  rosters: Pick<RosterRepository, 'inProgressSince' | 'get' | 'fail'>;
  clock: Clock;
  province: string;
}

/**
 * Fails rosters that will not finish, so the partner is told why instead of waiting forever,
 * and gets its open slot back: one still `processing` long after it was completed (a step's
 * task went to the dead-letter queue), or still `receiving` a day after it was opened.
 * Redriving a step from the DLQ cannot revive it: steps skip rosters no longer processing.
 *
 * 1. Find the rosters that entered processing more than `STALLED_AFTER_MINUTES` before `now`,
 *    and those opened more than `UNFINISHED_AFTER_HOURS` before it and still receiving.
 * 2. Fail each with a reason saying how far it came, on condition it is still as found (one
 *    that completed meanwhile stays completed), announcing it (RosterFinished).
 * 3. Answer how many were failed.
 */
export async function failStalledRosters(ports: FailStalledRostersPorts): Promise<{ failed: number }> {
  const now = ports.clock.now();
  const stalled = [...(await ports.rosters.inProgressSince('processing', stalledBefore(now))), ...(await ports.rosters.inProgressSince('receiving', unfinishedBefore(now)))];
  let failed = 0;
  for (const rosterId of stalled) {
    const roster = await ports.rosters.get(rosterId);
    if (!roster) continue;
    const reason = stalledReason(roster);
    if (await ports.rosters.fail(roster, reason, finishedEvent(roster, { status: 'failed', reason }, { province: ports.province, now }))) failed++;
  }
  return { failed };
}
