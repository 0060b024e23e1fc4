import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { canonicalIntegerParam } from '../../../shared/http/path-parameters.js';
import { ok } from '../../../shared/http/responses.js';
import { statsPorts } from '../dependencies.js';
import { orgStats } from '../use-cases/org-stats.js';
import { OrgStatsSchema, statsView } from '../views.js';

export const options = {
  summary: 'Membership figures of an org and its subtree, against its target',
  responses: { 200: OrgStatsSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
  query: z.strictObject({
    year: canonicalIntegerParam({ min: 2000, max: 2100 }).optional().meta({ description: 'The year of the target and the yearly counters (fairs, wishes, help); this year in Asia/Shanghai by default' }),
  }),
};

const ports = statsPorts();

export const getOrgStatsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  return ok(statsView(await orgStats(params.orgId, caller, ports, query.year)));
};

export const handler = http(getOrgStatsHandler, options);
