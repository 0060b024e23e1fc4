import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { rosterRepository } from '../dependencies.js';
import { RosterStateSchema, checkComplete, completion, ownRoster } from '../domain/roster.js';

export const options = {
  summary: 'Close a roster upload; it is applied in the background',
  responses: { 202: RosterStateSchema },
  params: z.strictObject({ rosterId: z.string().min(1) }),
  body: z.strictObject({ chunks: z.number().int().min(1).max(100_000) }),
  idempotent: true,
};

const rosters = rosterRepository();

/** Closes the upload; the roster is applied in the background (`GET` shows when it is done). */
export const completeRosterHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const roster = ownRoster(callerAs(caller, 'partner').accountId, await rosters.get(params.rosterId), params.rosterId);
  checkComplete(roster, body.chunks, (await rosters.chunks(roster.id)).map((chunk) => chunk.seq));
  const { roster: processing, event } = completion(roster, body.chunks, provinceCode(), new Date());
  await rosters.complete(processing, event);
  return accepted({ id: roster.id, status: processing.status });
};

export const handler = http(completeRosterHandler, options);
