import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { rosterPorts } from '../dependencies.js';
import { getRider } from '../use-cases/read-rosters.js';
import { RiderViewSchema, riderView } from '../views.js';

export const options = {
  summary: 'One of the partner\'s own riders, and whether they are a union member (when they share it)',
  responses: { 200: RiderViewSchema },
  params: z.strictObject({ riderId: z.string().min(1).max(64) }),
};

const ports = rosterPorts();

export const getRiderHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(riderView(await getRider(params.riderId, callerAs(caller, 'partner').accountId, ports)));

export const handler = http(getRiderHandler, options);
