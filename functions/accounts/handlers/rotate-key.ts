import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { keyIssuingPorts } from '../dependencies.js';
import { MAX_KEY_OVERLAP_HOURS } from '../domain/account.js';
import { rotateKey } from '../use-cases/rotate-key.js';
import { ApiKeySchema } from '../views.js';

export const options = {
  summary: 'Issue a new API key; the previous one stops working at once or after the overlap asked for; without overlap, keys earlier overlaps kept stop at once too',
  responses: { 201: ApiKeySchema },
  params: z.strictObject({ accountId: z.string().min(1) }),
  body: z.strictObject({ keepPreviousForHours: z.number().int().min(0).max(MAX_KEY_OVERLAP_HOURS).default(0) }).default({ keepPreviousForHours: 0 }),
};

const ports = keyIssuingPorts();

/** No Idempotency-Key cache: it would keep the key. */
export const rotateKeyHandler = async ({ params, body }: HttpRequest<typeof options>) =>
  created(await rotateKey(params.accountId, body.keepPreviousForHours, ports));

export const handler = http(rotateKeyHandler, options);
