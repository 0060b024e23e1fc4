import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { deliverWish } from '../use-cases/transitions.js';
import { StatusSchema } from '../views.js';

export const options = {
  summary: 'The claim holder hands the gift to the organizing union or a pickup station, with a note for the union',
  responses: { 200: StatusSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
  body: z.strictObject({ note: z.string().trim().min(1).max(500), to: z.enum(['org', 'station']), station: z.string().trim().min(1).max(60).optional() }),
};

const ports = wishPorts();

export const deliverWishHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const wish = await deliverWish(params.wishId, body, actorOf(caller), ports);
  return ok({ status: wish.status });
};

export const handler = http(deliverWishHandler, options);
