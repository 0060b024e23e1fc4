import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { canonicalIntegerParam } from '../../../shared/http/path-parameters.js';
import { ok } from '../../../shared/http/responses.js';
import { statsPorts } from '../dependencies.js';
import { setTarget } from '../use-cases/org-stats.js';
import { TargetSchema } from '../views.js';

export const options = {
  summary: 'Set an org\'s membership target for a year',
  responses: { 200: TargetSchema },
  params: z.strictObject({ orgId: z.string().min(1), year: canonicalIntegerParam({ min: 2000, max: 2100 }) }),
  body: z.strictObject({ members: z.number().int().min(0).max(10_000_000) }),
};

const ports = statsPorts();

export const putTargetHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  ok(await setTarget(params.orgId, { year: params.year, members: body.members }, caller, ports));

export const handler = http(putTargetHandler, options);
