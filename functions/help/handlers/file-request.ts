import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { helpPorts } from '../dependencies.js';
import { HelpRequestInputSchema } from '../domain/help-request.js';
import { fileHelpRequest } from '../use-cases/help-requests.js';
import { HelpRequestSchema, requestView } from '../views.js';

export const options = {
  summary: 'File a rights or hardship help request (维权帮扶, 困难帮扶): it goes to your membership org, or to the union covering your region',
  responses: { 201: HelpRequestSchema },
  body: HelpRequestInputSchema,
  idempotent: true,
};

const ports = helpPorts();

export const fileRequestHandler = async ({ body, caller }: HttpRequest<typeof options>) => created(requestView(await fileHelpRequest(body, callerAs(caller, 'worker').principalId, ports)));

export const handler = http(fileRequestHandler, options);
