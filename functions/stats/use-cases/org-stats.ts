import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { Clock } from '../../../shared/ports.js';
import { regionPrefix } from '../../../shared/region.js';
import { yearInChina, type OrgNode, type RegionCoverage, type Target } from '../domain/org-stats.js';
import type { StatsRepository } from '../repository.js';

export interface StatsPorts {
  stats: Pick<StatsRepository, 'getNode' | 'getTarget' | 'putTarget' | 'regionCoverage'>;
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
 * 2. Read this year's target and the roster coverage of the org's region, side by side.
 */
export async function orgStats(orgId: string, caller: Caller, ports: StatsPorts): Promise<{ node: OrgNode; target: Target | undefined; rosters: RegionCoverage; year: number }> {
  const node = await nodeInScope(orgId, caller, ports);
  // The counters' years are Asia/Shanghai years: fairs and wishes of the local New Year's Eve count in the new year.
  const year = yearInChina(ports.clock.now().toISOString());
  const [target, rosters] = await Promise.all([ports.stats.getTarget(node.id, year), ports.stats.regionCoverage(regionPrefix(node.regionCode))]);
  return { node, target, rosters, year };
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
