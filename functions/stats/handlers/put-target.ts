import { z } from 'zod';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { NotFoundError } from '../../../shared/errors.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { canonicalIntegerParam } from '../../../shared/http/path-parameters.js';
import { ok } from '../../../shared/http/responses.js';
import { statsRepository } from '../dependencies.js';
import { TargetSchema } from '../domain/org-stats.js';

export const options = {
  summary: 'Set an org\'s membership target for a year',
  responses: { 200: TargetSchema },
  params: z.strictObject({ orgId: z.string().min(1), year: canonicalIntegerParam({ min: 2000, max: 2100 }) }),
  body: z.strictObject({ members: z.number().int().min(0).max(10_000_000) }),
};

const stats = statsRepository();

/** Sets an org's membership target for a year; progress is its subtree's active members against it. */
export const putTargetHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const node = orgInScope(caller, await stats.getNode(params.orgId), () => new NotFoundError(`No org ${params.orgId} in your scope`));
  await stats.putTarget(node.id, { year: params.year, members: body.members });
  return ok({ orgId: node.id, year: params.year, members: body.members });
};

export const handler = http(putTargetHandler, options);
