import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { rosterRepository } from '../dependencies.js';
import { ownRoster } from '../domain/roster.js';
import { RosterViewSchema, rosterView } from '../views.js';

export const options = {
  summary: 'A roster\'s status and row counts',
  responses: { 200: RosterViewSchema },
  params: z.strictObject({ rosterId: z.string().min(1) }),
};

const rosters = rosterRepository();

export const getRosterHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(rosterView(ownRoster(callerAs(caller, 'partner').accountId, await rosters.get(params.rosterId), params.rosterId)));

export const handler = http(getRosterHandler, options);
