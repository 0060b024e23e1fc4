import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { donorActor } from '../use-cases/ports.js';
import { claimWish } from '../use-cases/transitions.js';
import { ClaimedSchema, claimedView } from '../views.js';

export const options = {
  summary: 'A donor claims an open wish (认领); of simultaneous claims exactly one wins, the rest get 409',
  responses: { 200: ClaimedSchema },
  params: z.strictObject({ wishId: z.string().min(1) }),
};

const ports = wishPorts();

export const claimWishHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(claimedView(await claimWish(params.wishId, donorActor(caller), ports)));

export const handler = http(claimWishHandler, options);
