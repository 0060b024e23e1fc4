import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { rejectWish } from '../use-cases/transitions.js';
import { StatusSchema } from '../views.js';

export const options = {
  summary: 'Staff reject a wish under review with a reason the worker sees',
  responses: { 200: StatusSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
  body: z.strictObject({ reason: z.string().trim().min(2).max(500) }),
};

const ports = wishPorts();

export const rejectWishHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const wish = await rejectWish(params.wishId, body.reason, actorOf(caller), ports);
  return ok({ status: wish.status });
};

export const handler = http(rejectWishHandler, options);
