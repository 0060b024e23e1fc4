import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import type { Clock } from '../../../shared/ports.js';
import { assertAbandonable, ownRoster, type Roster } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface AbandonRosterPorts {
  rosters: Pick<RosterRepository, 'get' | 'abandon'>;
  clock: Clock;
}

/**
 * A partner drops a roster still receiving, or failed, without touching any rider, to upload
 * a new one in its place (riders are keyed by the partner's rider id, so none is duplicated).
 *
 * 1. Load the partner's own roster; it must be receiving or failed (409 otherwise).
 * 2. Abandon it, on condition it is still as read, giving back the partner's open slot it
 *    held, and drop the rows it sealed. Lost to a concurrent change (it was completed
 *    meanwhile), say what it is now.
 * 3. Abandoning an abandoned roster again answers the same.
 */
export async function abandonRoster(rosterId: string, partner: { accountId: string }, ports: AbandonRosterPorts): Promise<Roster> {
  const roster = ownRoster(partner.accountId, await ports.rosters.get(rosterId), rosterId);
  if (roster.status === 'abandoned') return roster;
  assertAbandonable(roster);
  if (!(await ports.rosters.abandon(roster, ports.clock.now().toISOString()))) {
    const current = ownRoster(partner.accountId, await ports.rosters.get(rosterId), rosterId);
    if (current.status !== 'abandoned') {
      assertAbandonable(current);
      throw new ConcurrentChangeError();
    }
  }
  return { ...roster, status: 'abandoned' };
}
