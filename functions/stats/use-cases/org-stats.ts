import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { Clock } from '../../../shared/ports.js';
import { regionPrefix } from '../../../shared/region.js';
import { stationsToShow, yearInChina, type OrgNode, type RegionCoverage, type StationCoverage, type Target } from '../domain/org-stats.js';
import type { StatsRepository } from '../repository.js';

export interface StatsPorts {
  stats: Pick<StatsRepository, 'getNode' | 'getTarget' | 'putTarget' | 'regionCoverage' | 'stationCoverage'>;
  clock: Clock;
}

/** The org's node, when the caller may see it; an org the projection has not seen yet is not found either (stats lag writes by seconds). */
async function nodeInScope(orgId: string, caller: Caller, ports: StatsPorts): Promise<OrgNode> {
  return orgInScope(caller, await ports.stats.getNode(orgId), () => new NotFoundError(`No stats for org ${orgId} in your scope`));
}

/**
 * What an org's dashboard shows.
 *
 * 1. Find the org's node in the caller's scope (404 otherwise).
 * 2. Read the year's target (this year's unless asked for another), the roster coverage of the org's region and of its stations, side by side.
 * 3. Keep the stations with the most riders still to invite (`stationsToShow`).
 */
export async function orgStats(
  orgId: string,
  caller: Caller,
  ports: StatsPorts,
  askedYear?: number,
): Promise<{ node: OrgNode; target: Target | undefined; rosters: RegionCoverage; stations: StationCoverage[]; year: number }> {
  const node = await nodeInScope(orgId, caller, ports);
  // The counters' years are Asia/Shanghai years: fairs and wishes of the local New Year's Eve count in the new year.
  const year = askedYear ?? yearInChina(ports.clock.now().toISOString());
  const region = regionPrefix(node.regionCode);
  const [target, rosters, stations] = await Promise.all([ports.stats.getTarget(node.id, year), ports.stats.regionCoverage(region), ports.stats.stationCoverage(region)]);
  return { node, target, rosters, stations: stationsToShow(stations), year };
}

/**
 * Sets an org's membership target for a year; progress is its subtree's active members against it.
 *
 * 1. Find the org's node in the caller's scope (404 otherwise).
 * 2. Store the target, replacing any earlier one for that year.
 */
export async function setTarget(orgId: string, target: Target, caller: Caller, ports: StatsPorts): Promise<{ orgId: string } & Target> {
  const node = await nodeInScope(orgId, caller, ports);
  await ports.stats.putTarget(node.id, target);
  return { orgId: node.id, ...target };
}
