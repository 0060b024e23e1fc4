import type { Clock, Ids } from '../../../shared/ports.js';
import type { RosterLimits } from '../domain/limits.js';
import { openRoster, type Roster, type RosterMode } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface CreateRosterPorts {
  rosters: Pick<RosterRepository, 'create'>;
  clock: Clock;
  ids: Ids;
  limits: Pick<RosterLimits, 'openRostersPerPartner'>;
}

/**
 * A partner opens a roster upload; chunks follow, then `complete`.
 *
 * 1. Open a roster in `receiving`, owned by the partner and carrying its name as the platform.
 * 2. Write it, on condition its id is new, taking one of the partner's open slots on condition
 *    one is free (409 naming the limit and what to do otherwise).
 */
export async function createRoster(input: { mode: RosterMode; asOf: string }, partner: { accountId: string; name: string }, ports: CreateRosterPorts): Promise<Roster> {
  const roster = openRoster(input, partner, { id: ports.ids.next('rst'), now: ports.clock.now() });
  await ports.rosters.create(roster, ports.limits);
  return roster;
}
