import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { approveMembership } from '../use-cases/review.js';
import { MembershipStatusViewSchema, statusView } from '../views.js';

export const options = {
  summary: 'Approve a pending membership with the next member number',
  responses: { 200: MembershipStatusViewSchema },
  params: z.strictObject({ membershipId: z.string().min(1) }),
};

const ports = membershipPorts();

export const approveHandler = async ({ params, caller }: HttpRequest<typeof options>) => ok(statusView(await approveMembership(params.membershipId, caller, ports)));

export const handler = http(approveHandler, options);
