import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { newId } from '../../../shared/ids.js';
import { callerAs } from '../../../shared/auth/caller.js';
import { rosterRepository } from '../dependencies.js';
import { RosterStateSchema, emptyCounts } from '../domain/roster.js';

export const options = {
  summary: 'Open a roster upload',
  responses: { 201: RosterStateSchema },
  body: z.strictObject({ mode: z.enum(['snapshot', 'delta']), asOf: z.iso.datetime({ offset: true }) }),
  idempotent: true,
};

const rosters = rosterRepository();

/** A partner opens a roster upload; chunks follow, then `complete`. */
export const createRosterHandler = async ({ body, caller }: HttpRequest<typeof options>) => {
  const roster = {
    id: newId('rst'),
    partnerId: callerAs(caller, 'partner').accountId,
    platform: callerAs(caller, 'partner').name,
    mode: body.mode,
    asOf: new Date(body.asOf).toISOString(),
    status: 'receiving' as const,
    chunks: null,
    rows: emptyCounts(),
    createdAt: new Date().toISOString(),
    completedAt: null,
  };
  await rosters.create(roster);
  return created({ id: roster.id, status: roster.status });
};

export const handler = http(createRosterHandler, options);
