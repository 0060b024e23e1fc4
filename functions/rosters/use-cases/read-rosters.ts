import type { Page } from '../../../shared/dynamo.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { RowRejection } from '../domain/chunk.js';
import type { Rider } from '../domain/rider.js';
import { ownRoster, type Roster } from '../domain/roster.js';
import type { RosterRepository } from '../repository.js';

export interface ReadRostersPorts {
  rosters: Pick<RosterRepository, 'get' | 'getRider' | 'rejections' | 'list'>;
}

/** The partner's rosters, newest first, a page at a time. */
export async function listRosters(partnerId: string, page: { limit: number; cursor?: string }, ports: ReadRostersPorts): Promise<Page<Roster>> {
  return ports.rosters.list(partnerId, page);
}

/** One of the partner's own rosters; another partner's, like a missing one, is not found. */
export async function getRoster(rosterId: string, partnerId: string, ports: ReadRostersPorts): Promise<Roster> {
  return ownRoster(partnerId, await ports.rosters.get(rosterId), rosterId);
}

/** One of the partner's own riders: the partner is part of the key, so another's is simply not found. */
export async function getRider(riderId: string, partnerId: string, ports: ReadRostersPorts): Promise<Rider> {
  const rider = await ports.rosters.getRider(partnerId, riderId);
  if (!rider) throw new NotFoundError(`No rider ${riderId} of yours`);
  return rider;
}

/**
 * A page of the rows a roster rejected.
 *
 * 1. The roster must be the partner's own (404 otherwise, before anything is read of it).
 * 2. Its rejections come by chunk and index, a page at a time.
 */
export async function listRejections(
  rosterId: string,
  partnerId: string,
  page: { limit: number; cursor?: string },
  ports: ReadRostersPorts,
): Promise<Page<RowRejection & { seq: number }>> {
  const roster = await getRoster(rosterId, partnerId, ports);
  return ports.rosters.rejections(roster.id, page);
}
