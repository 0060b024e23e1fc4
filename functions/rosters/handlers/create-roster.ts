import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { rosterPorts } from '../dependencies.js';
import { createRoster } from '../use-cases/create-roster.js';
import { RosterStateSchema, rosterState } from '../views.js';

export const options = {
  summary: 'Open a roster upload',
  responses: { 201: RosterStateSchema },
  body: z.strictObject({ mode: z.enum(['snapshot', 'delta']), asOf: z.iso.datetime({ offset: true }) }),
  idempotent: true,
};

const ports = rosterPorts();

/** A partner opens a roster upload; chunks follow, then `complete`. */
export const createRosterHandler = async ({ body, caller }: HttpRequest<typeof options>) =>
  created(rosterState(await createRoster(body, callerAs(caller, 'partner'), ports)));

export const handler = http(createRosterHandler, options);
