import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { statsPorts } from '../dependencies.js';
import { orgStats } from '../use-cases/org-stats.js';
import { OrgStatsSchema, statsView } from '../views.js';

export const options = {
  summary: 'Membership figures of an org and its subtree, against its target',
  responses: { 200: OrgStatsSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
};

const ports = statsPorts();

export const getOrgStatsHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  return ok(statsView(await orgStats(params.orgId, caller, ports)));
};

export const handler = http(getOrgStatsHandler, options);
