import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { fundWish } from '../use-cases/transitions.js';
import { ClaimedSchema, claimedView } from '../views.js';

export const options = {
  summary: 'Staff fund an open wish from the campaign budget (409 when it would overspend)',
  responses: { 200: ClaimedSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
};

const ports = wishPorts();

export const fundWishHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const wish = await fundWish(params.wishId, actorOf(caller), ports);
  return ok(claimedView(wish));
};

export const handler = http(fundWishHandler, options);
