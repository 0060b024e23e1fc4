import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { rosterPorts } from '../dependencies.js';
import { completeRoster } from '../use-cases/complete-roster.js';
import { RosterStateSchema, rosterState } from '../views.js';

export const options = {
  summary: 'Close a roster upload; it is applied in the background',
  responses: { 202: RosterStateSchema },
  params: z.strictObject({ rosterId: z.string().min(1) }),
  body: z.strictObject({ chunks: z.number().int().min(1).max(100_000) }),
  idempotent: true,
};

const ports = rosterPorts();

/** Closes the upload; the roster is applied in the background (`GET` shows when it is done). */
export const completeRosterHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  accepted(rosterState(await completeRoster({ rosterId: params.rosterId, chunks: body.chunks }, callerAs(caller, 'partner'), ports)));

export const handler = http(completeRosterHandler, options);
