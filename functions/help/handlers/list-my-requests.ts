import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { helpPorts } from '../dependencies.js';
import { myHelpRequests } from '../use-cases/help-requests.js';
import { HelpRequestPageSchema, requestView } from '../views.js';

export const options = {
  summary: 'Your own help requests with their timelines, newest first',
  responses: { 200: HelpRequestPageSchema },
  query: PageQuerySchema,
};

const ports = helpPorts();

export const listMyRequestsHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const page = await myHelpRequests(callerAs(caller, 'worker').principalId, query, ports);
  return ok({ items: page.items.map(requestView), nextCursor: page.nextCursor });
};

export const handler = http(listMyRequestsHandler, options);
