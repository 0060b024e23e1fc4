import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { approveWish } from '../use-cases/transitions.js';
import { StatusSchema } from '../views.js';

export const options = {
  summary: 'Staff approve a wish under review: it enters the pool',
  responses: { 200: StatusSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
};

const ports = wishPorts();

export const approveWishHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const wish = await approveWish(params.wishId, actorOf(caller), ports);
  return ok({ status: wish.status });
};

export const handler = http(approveWishHandler, options);
