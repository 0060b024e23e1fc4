import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { rosterPorts } from '../dependencies.js';
import { abandonRoster } from '../use-cases/abandon-roster.js';
import { RosterStateSchema, rosterState } from '../views.js';

export const options = {
  summary: 'Drop a roster still receiving, or failed, to upload a new one in its place',
  responses: { 200: RosterStateSchema },
  params: z.strictObject({ rosterId: z.string().min(1) }),
};

const ports = rosterPorts();

export const abandonRosterHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(rosterState(await abandonRoster(params.rosterId, callerAs(caller, 'partner'), ports)));

export const handler = http(abandonRosterHandler, options);
