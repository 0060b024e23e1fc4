import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { helpPorts } from '../dependencies.js';
import { TransitionInputSchema } from '../domain/help-request.js';
import { moveHelpRequest } from '../use-cases/help-requests.js';
import { HelpRequestSummarySchema, summaryView } from '../views.js';

export const options = {
  summary: 'Move a help request: received → accepted → in_mediation → resolved | referred | closed (and accepted → resolved); aid in the outcome is paid from the org\'s fund',
  responses: { 200: HelpRequestSummarySchema },
  params: z.strictObject({ requestId: z.string().min(1) }),
  body: TransitionInputSchema,
};

const ports = helpPorts();

export const moveRequestHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  ok(summaryView(await moveHelpRequest(params.requestId, body, callerAs(caller, 'org_admin', 'province_admin'), ports)));

export const handler = http(moveRequestHandler, options);
