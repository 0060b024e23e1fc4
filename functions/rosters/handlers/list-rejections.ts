import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { decodeCursor, encodeCursor } from '../../../shared/pagination.js';
import { rosterRepository } from '../dependencies.js';
import { ownRoster } from '../domain/roster.js';
import { RejectionSchema } from '../views.js';
import { pageOf } from '../../../shared/http/schemas.js';

export const options = {
  summary: 'A roster\'s rejected rows',
  responses: { 200: pageOf(RejectionSchema, 'RejectionPage') },
  params: z.strictObject({ rosterId: z.string().min(1) }), query: PageQuerySchema,
};

const rosters = rosterRepository();

/** Every rejected row of the roster, by chunk and index, a page at a time. */
export const listRejectionsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const roster = ownRoster(callerAs(caller, 'partner').accountId, await rosters.get(params.rosterId), params.rosterId);
  const scope = { list: 'rosters.rejections', rosterId: roster.id };
  const start = (await decodeCursor(query.cursor, scope))?.offset ?? 0;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) throw InvalidInputError.field('query.cursor', 'is not a cursor this list returned');
  const all = (await rosters.chunks(roster.id)).flatMap((chunk) => chunk.rejected.map((rejection) => ({ seq: chunk.seq, ...rejection })));
  const end = start + query.limit;
  return ok({ items: all.slice(start, end), nextCursor: await encodeCursor(end < all.length ? { offset: end } : undefined, scope) });
};

export const handler = http(listRejectionsHandler, options);
