import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { csv, toCsv, wantsCsv } from '../../../shared/http/csv.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { rosterPorts } from '../dependencies.js';
import { listRejections } from '../use-cases/read-rosters.js';
import { RejectionSchema } from '../views.js';

/** Rows of a CSV page: a roster's rejections are bounded (500 a chunk), so a few pages hold them all. */
const CSV_PAGE_ROWS = 10_000;

export const options = {
  summary: 'A roster\'s rejected rows (JSON pages, or CSV pages of 10,000 with Accept: text/csv and the next page in a Link header)',
  responses: { 200: pageOf(RejectionSchema, 'RejectionPage') },
  params: z.strictObject({ rosterId: z.string().min(1) }),
  query: PageQuerySchema,
  alsoProduces: ['text/csv'],
};

const ports = rosterPorts();

/** Every rejected row of the roster, by chunk and index, a page at a time. */
export const listRejectionsHandler = async ({ params, query, caller, accept }: HttpRequest<typeof options>) => {
  const partnerId = callerAs(caller, 'partner').accountId;
  if (!wantsCsv(accept)) return ok(await listRejections(params.rosterId, partnerId, query, ports));
  const page = await listRejections(params.rosterId, partnerId, { limit: CSV_PAGE_ROWS, ...(query.cursor ? { cursor: query.cursor } : {}) }, ports);
  const answer = csv(
    toCsv(['seq', 'index', 'path', 'message'], page.items.map((rejection) => [rejection.seq, rejection.index, rejection.path, rejection.message])),
    `roster-${params.rosterId}-rejections.csv`,
  );
  if (!page.nextCursor) return answer;
  return { ...answer, headers: { ...answer.headers, link: `</v1/rosters/${params.rosterId}/rejections?cursor=${encodeURIComponent(page.nextCursor)}>; rel="next"` } };
};

export const handler = http(listRejectionsHandler, options);
