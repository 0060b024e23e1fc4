import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { helpPorts } from '../dependencies.js';
import { HelpCategorySchema, HelpStatusSchema } from '../domain/help-request.js';
import { orgHelpRequests } from '../use-cases/help-requests.js';
import { HelpRequestSummaryPageSchema, summaryView } from '../views.js';

export const options = {
  summary: 'The help requests an org handles, newest first, requester masked (audited)',
  responses: { 200: HelpRequestSummaryPageSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
  query: PageQuerySchema.extend({ status: HelpStatusSchema.optional(), category: HelpCategorySchema.optional() }),
};

const ports = helpPorts();

export const listOrgRequestsHandler = async ({ params, query: { status, category, ...page }, caller }: HttpRequest<typeof options>) => {
  const found = await orgHelpRequests(params.orgId, { ...(status ? { status } : {}), ...(category ? { category } : {}) }, page, caller, ports);
  return ok({ items: found.items.map(summaryView), nextCursor: found.nextCursor });
};

export const handler = http(listOrgRequestsHandler, options);
