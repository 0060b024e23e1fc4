import type { Clock } from '../../../shared/ports.js';
import { checkComplete, completedAs, completion, ownRoster, type Roster } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface CompleteRosterPorts {
  rosters: Pick<RosterRepository, 'get' | 'chunks' | 'complete'>;
  clock: Clock;
  province: string;
}

/**
 * Closes a roster upload; the roster is applied in the background.
 *
 * 1. Load the partner's own roster. Completed before with the same chunks (a retry whose first
 *    attempt's answer was lost), it answers as the first time, announcing nothing again.
 * 2. Check that every chunk from 1 to `chunks` came and none beyond (409 naming them), and that
 *    the roster is still receiving.
 * 3. Move it to processing and store its RosterCompleted event in one transaction, on condition
 *    it is still receiving and no other roster of the partner is processing (409 with
 *    Retry-After: one roster at a time writes a partner's riders, ADR 0015).
 */
export async function completeRoster(input: { rosterId: string; chunks: number }, partner: { accountId: string }, ports: CompleteRosterPorts): Promise<Roster> {
  const roster = ownRoster(partner.accountId, await ports.rosters.get(input.rosterId), input.rosterId);
  if (completedAs(roster, input.chunks)) return roster;
  checkComplete(roster, input.chunks, (await ports.rosters.chunks(roster.id)).map((chunk) => chunk.seq));
  const { roster: processing, event } = completion(roster, input.chunks, ports.province, ports.clock.now());
  try {
    await ports.rosters.complete(processing, event);
  } catch (error) {
    // A retry racing the request it retries: the one that won completed it as asked.
    const now = await ports.rosters.get(input.rosterId);
    if (now && completedAs(now, input.chunks)) return now;
    throw error;
  }
  return processing;
}
