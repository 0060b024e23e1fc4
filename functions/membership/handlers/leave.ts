import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { leaveMembership } from '../use-cases/leave.js';
import { ClosedSchema } from '../views.js';

export const options = {
  summary: 'Leave the union',
  responses: { 200: ClosedSchema },
};

const ports = membershipPorts();

export const leaveHandler = async ({ caller }: HttpRequest<typeof options>) => ok({ status: (await leaveMembership(caller, ports)).status });

export const handler = http(leaveHandler, options);
