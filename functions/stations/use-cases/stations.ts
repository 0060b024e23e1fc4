import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope, orgInScope } from '../../../shared/auth/org-scope.js';
import type { Page } from '../../../shared/dynamo.js';
import { InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../../shared/pagination.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import { inShanghai } from '../../../shared/wall-clock.js';
import { isWithinRegion, regionPrefix } from '../../../shared/region.js';
import { StationNotFoundError } from '../domain/errors.js';
import { coveringRanges, DEFAULT_RADIUS_M, distanceM } from '../domain/geo.js';
import { averageRating, isOpenAt, planStation, type Amenity, type Location, type Station, type StationInput } from '../domain/station.js';
import type { StationRepository } from '../repository.js';

export interface StationPorts {
  stations: StationRepository;
  clock: Clock;
  ids: Ids;
  province: string;
}

/** Staff register a station for an org in their subtree (404 outside it), within the org's region; StationRegistered tells the figures. */
export async function createStation(input: StationInput, caller: Caller, ports: StationPorts): Promise<Station> {
  const org = orgInScope(caller, await ports.stations.getOrg(input.orgId), () => new NotFoundError(`No org ${input.orgId} in your scope`));
  const { station, event } = planStation(input, org, { id: ports.ids.next('stn'), now: ports.clock.now(), province: ports.province });
  await ports.stations.create(station, event);
  return station;
}

export async function getStation(stationId: string, ports: Pick<StationPorts, 'stations'>): Promise<Station> {
  const station = await ports.stations.get(stationId);
  if (!station) throw new StationNotFoundError(stationId);
  return station;
}

export interface StationSearch {
  regionCode?: string;
  amenity?: Amenity;
  openAt?: Date;
  near?: Location;
  radiusM?: number;
}

export type Found = Station & { distanceM?: number };

/**
 * Stations by region (a page of the province's, or of a city or district), or nearest first
 * within a radius; either with an amenity and open at an instant.
 *
 * 1. Near a point: query the runs of geohash cells covering the circle, keep what lies within the
 *    radius (and region, if named), sort by distance; pages are slices of that list.
 * 2. Otherwise: a page of the region index. Hours are checked after the read, so a page
 *    filtered by `openAt` may hold fewer than `limit`; `nextCursor` says whether more follow.
 */
export async function searchStations(search: StationSearch, request: { limit: number; cursor?: string }, ports: Pick<StationPorts, 'stations' | 'province'>): Promise<Page<Found>> {
  const region = search.regionCode ?? `${ports.province}0000`;
  if (!region.startsWith(ports.province)) throw InvalidInputError.field('query.regionCode', `must lie within province ${ports.province}`);
  const open = (station: Station) => !search.openAt || isOpenAt(station.hours, search.openAt);
  if (!search.near) {
    const page = await ports.stations.inRegion({ regionPrefix: regionPrefix(region), ...(search.amenity ? { amenity: search.amenity } : {}) }, request);
    return { items: page.items.filter(open), nextCursor: page.nextCursor };
  }
  const center = search.near;
  const radius = search.radiusM ?? DEFAULT_RADIUS_M;
  const ranges = coveringRanges(center, radius);
  const candidates = (await Promise.all(ranges.map((range) => ports.stations.inRange(range, search.amenity)))).flat();
  const found = candidates
    .map((station) => ({ ...station, distanceM: Math.round(distanceM(center, station.location)) }))
    .filter((station) => station.distanceM <= radius && isWithinRegion(station.regionCode, region) && open(station))
    .sort((a, b) => a.distanceM - b.distanceM || a.id.localeCompare(b.id));
  const scope = { list: 'stations.near', query: JSON.stringify({ ...search, radiusM: radius }) };
  const offset = Number((await decodeCursor(request.cursor, scope))?.offset ?? 0);
  const end = offset + request.limit;
  return { items: found.slice(offset, end), nextCursor: await encodeCursor(end < found.length ? { offset: end } : undefined, scope) };
}

/** A worker's visit to a station: counted once a day per station, with an optional rating. */
export async function recordVisit(stationId: string, workerId: string, input: { rating?: number; comment?: string }, ports: StationPorts): Promise<{ id: string; stationId: string; visitedAt: string; rating: number | null }> {
  const at = ports.clock.now();
  const id = ports.ids.next('vis');
  const day = inShanghai(at).toISOString().slice(0, 10);
  await ports.stations.recordVisit({ id, stationId, workerId, at, day, ...input });
  return { id, stationId, visitedAt: at.toISOString(), rating: input.rating ?? null };
}

/** The stations service's copy of an org (staff scope); a redelivered event writes the same again. */
export const recordOrg = (org: OrgCreatedV1Data, ports: Pick<StationPorts, 'stations'>): Promise<void> => ports.stations.addOrg(org);

/** An erased worker: the markers that linked them to the stations they visited go (the visits never named them). */
export const forgetVisitor = (workerId: string, ports: Pick<StationPorts, 'stations'>): Promise<void> => ports.stations.forgetVisitor(workerId);

/** A station's figures for staff of its org or above (404 for others). */
export async function stationStats(stationId: string, caller: Caller, ports: Pick<StationPorts, 'stations'>): Promise<{ visits: number; uniqueVisitors: number; rating: number | null }> {
  const found = await ports.stations.getWithCounts(stationId);
  if (!found || !isInScope(caller, { id: found.station.orgId, ancestors: found.station.ancestors })) throw new StationNotFoundError(stationId);
  const { counts } = found;
  return { visits: counts.visits, uniqueVisitors: counts.uniqueVisitors, rating: averageRating(counts) };
}

