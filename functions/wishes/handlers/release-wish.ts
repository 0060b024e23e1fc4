import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { releaseWish } from '../use-cases/transitions.js';
import { StatusSchema } from '../views.js';

export const options = {
  summary: 'The claim holder gives the wish back to the pool (a union-funded one returns its value to the budget)',
  responses: { 200: StatusSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
};

const ports = wishPorts();

export const releaseWishHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const wish = await releaseWish(params.wishId, actorOf(caller), ports);
  return ok({ status: wish.status });
};

export const handler = http(releaseWishHandler, options);
