import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { defaultClaimLimit, wishPorts } from '../dependencies.js';
import { ClaimLimitSchema, claimLimitView } from '../views.js';
import { setClaimLimit } from '../use-cases/queries.js';

export const options = {
  summary: 'The province admin sets how many undelivered claims a donor account may hold',
  responses: { 200: ClaimLimitSchema },
  params: z.strictObject({ accountId: z.string().min(1).max(100) }),
  body: z.strictObject({ limit: z.number().int().min(0).max(10_000) }),
};

const ports = wishPorts();

export const putClaimLimitHandler = async ({ params, body }: HttpRequest<typeof options>) =>
  ok(claimLimitView(params.accountId, await setClaimLimit(params.accountId, body.limit, ports), defaultClaimLimit()));

export const handler = http(putClaimLimitHandler, options);
