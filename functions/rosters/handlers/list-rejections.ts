import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { rosterPorts } from '../dependencies.js';
import { listRejections } from '../use-cases/read-rosters.js';
import { RejectionSchema } from '../views.js';
import { pageOf } from '../../../shared/http/schemas.js';

export const options = {
  summary: 'A roster\'s rejected rows',
  responses: { 200: pageOf(RejectionSchema, 'RejectionPage') },
  params: z.strictObject({ rosterId: z.string().min(1) }), query: PageQuerySchema,
};

const ports = rosterPorts();

/** Every rejected row of the roster, by chunk and index, a page at a time. */
export const listRejectionsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) =>
  ok(await listRejections(params.rosterId, callerAs(caller, 'partner').accountId, query, ports));

export const handler = http(listRejectionsHandler, options);
