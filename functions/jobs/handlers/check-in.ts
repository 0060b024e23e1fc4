import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created, ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { checkIn } from '../use-cases/fairs.js';
import { CheckinSchema } from '../views.js';

export const options = {
  summary: 'Check in at a fair, once: a repeat answers 200 with the first check-in',
  responses: { 201: CheckinSchema, 200: CheckinSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
  body: z.strictObject({ checkinToken: z.string().min(1).max(100).optional().meta({ description: 'From the QR code at an on-site fair\'s entrance' }) }).default({}),
};

const ports = jobPorts();

export const checkInHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const result = await checkIn(params.fairId, caller.principalId, body.checkinToken, ports);
  const view: z.infer<typeof CheckinSchema> = { fairId: params.fairId, ...result };
  return result.firstTime ? created(view) : ok(view);
};

export const handler = http(checkInHandler, options);
