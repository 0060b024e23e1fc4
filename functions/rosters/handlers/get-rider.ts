import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { NotFoundError } from '../../../shared/errors.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { rosterRepository } from '../dependencies.js';
import { RiderViewSchema, riderView } from '../views.js';

export const options = {
  summary: 'One of the partner\'s own riders, and whether they are a union member (when they share it)',
  responses: { 200: RiderViewSchema },
  params: z.strictObject({ riderId: z.string().min(1).max(64) }),
};

const rosters = rosterRepository();

/** A partner reaches only its own riders: the partner is part of the key, so another's is simply not found. */
export const getRiderHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const rider = await rosters.getRider(callerAs(caller, 'partner').accountId, params.riderId);
  if (!rider) throw new NotFoundError(`No rider ${params.riderId} of yours`);
  return ok(riderView(rider));
};

export const handler = http(getRiderHandler, options);
