import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { helpPorts } from '../dependencies.js';
import { getHelpRequest } from '../use-cases/help-requests.js';
import { HelpRequestSchema, requestView } from '../views.js';

export const options = {
  summary: 'A help request with its description and timeline: for the worker who filed it and staff of the handling org or above (audited)',
  responses: { 200: HelpRequestSchema },
  params: z.strictObject({ requestId: z.string().min(1) }),
};

const ports = helpPorts();

export const getRequestHandler = async ({ params, caller }: HttpRequest<typeof options>) => ok(requestView(await getHelpRequest(params.requestId, caller, ports)));

export const handler = http(getRequestHandler, options);
