import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { actorOf } from '../use-cases/ports.js';
import { confirmWish } from '../use-cases/transitions.js';
import { StatusSchema } from '../views.js';
import { FreeTextSchema } from '../../../shared/identity/personal-data.js';

export const options = {
  summary: "The wish's worker (or staff) confirms receipt, with an optional thank-you",
  responses: { 200: StatusSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
  body: z.strictObject({ thanks: FreeTextSchema(1, 500).optional() }).default({}),
};

const ports = wishPorts();

export const confirmWishHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const wish = await confirmWish(params.wishId, body.thanks, actorOf(caller), ports);
  return ok({ status: wish.status });
};

export const handler = http(confirmWishHandler, options);
