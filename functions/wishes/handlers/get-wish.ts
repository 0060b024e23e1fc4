import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { WishViewSchema, wishView } from '../views.js';
import { getWish } from '../use-cases/queries.js';

export const options = {
  summary: 'A wish as the caller may see it (anonymized for donors, their own for its worker)',
  responses: { 200: WishViewSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
};

const ports = wishPorts();

export const getWishHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const actor = actorOf(caller);
  return ok(wishView(actor, await getWish(params.wishId, actor, ports)));
};

export const handler = http(getWishHandler, options);
