import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { rosterPorts } from '../dependencies.js';
import { getRoster } from '../use-cases/read-rosters.js';
import { RosterViewSchema, rosterView } from '../views.js';

export const options = {
  summary: 'A roster\'s status and row counts',
  responses: { 200: RosterViewSchema },
  params: z.strictObject({ rosterId: z.string().min(1) }),
};

const ports = rosterPorts();

export const getRosterHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(rosterView(await getRoster(params.rosterId, callerAs(caller, 'partner').accountId, ports)));

export const handler = http(getRosterHandler, options);
