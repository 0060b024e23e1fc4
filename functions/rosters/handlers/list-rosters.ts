import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { rosterPorts } from '../dependencies.js';
import { listRosters } from '../use-cases/read-rosters.js';
import { RosterViewSchema, rosterView } from '../views.js';

export const options = {
  summary: 'The partner\'s rosters, newest first, with their status and counts',
  responses: { 200: pageOf(RosterViewSchema, 'RosterPage') },
  query: PageQuerySchema,
};

const ports = rosterPorts();

export const listRostersHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const page = await listRosters(callerAs(caller, 'partner').accountId, query, ports);
  return ok({ items: page.items.map(rosterView), nextCursor: page.nextCursor });
};

export const handler = http(listRostersHandler, options);
