import { z } from 'zod';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { NotFoundError } from '../../../shared/errors.js';
import { regionPrefix } from '../../../shared/region.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { statsRepository } from '../dependencies.js';
import { OrgStatsSchema, statsView } from '../domain/org-stats.js';

export const options = {
  summary: 'Membership figures of an org and its subtree, against its target',
  responses: { 200: OrgStatsSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
};

const stats = statsRepository();

export const getOrgStatsHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const node = orgInScope(caller, await stats.getNode(params.orgId), () => new NotFoundError(`No stats for org ${params.orgId} in your scope`));
  // An org the projection has not seen yet is not found either: stats lag writes by seconds.
  const year = new Date().getUTCFullYear();
  const [target, rosters] = await Promise.all([
    stats.getTarget(node.id, year),
    stats.regionCoverage(regionPrefix(node.regionCode)),
  ]);
  return ok(statsView(node, target, rosters, year));
};

export const handler = http(getOrgStatsHandler, options);
