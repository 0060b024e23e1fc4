import type { Clock } from '../../../shared/ports.js';
import { checkComplete, completion, ownRoster, type Roster } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface CompleteRosterPorts {
  rosters: Pick<RosterRepository, 'get' | 'chunks' | 'complete'>;
  clock: Clock;
  province: string;
}

/**
 * Closes a roster upload; the roster is applied in the background.
 *
 * 1. Load the partner's own roster.
 * 2. Check that every chunk from 1 to `chunks` came and none beyond (409 naming them), and that
 *    the roster is still receiving.
 * 3. Move it to processing and store its RosterCompleted event in one transaction, on condition
 *    it is still receiving.
 */
export async function completeRoster(input: { rosterId: string; chunks: number }, partner: { accountId: string }, ports: CompleteRosterPorts): Promise<Roster> {
  const roster = ownRoster(partner.accountId, await ports.rosters.get(input.rosterId), input.rosterId);
  checkComplete(roster, input.chunks, (await ports.rosters.chunks(roster.id)).map((chunk) => chunk.seq));
  const { roster: processing, event } = completion(roster, input.chunks, ports.province, ports.clock.now());
  await ports.rosters.complete(processing, event);
  return processing;
}
