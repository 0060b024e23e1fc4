import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { rejectMembership } from '../use-cases/review.js';
import { MembershipStatusViewSchema, statusView } from '../views.js';

export const options = {
  summary: 'Reject a pending membership with a reason',
  responses: { 200: MembershipStatusViewSchema },
  params: z.strictObject({ membershipId: z.string().min(1) }),
  body: z.strictObject({ reason: z.string().trim().min(2).max(200) }),
};

const ports = membershipPorts();

export const rejectHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  ok(statusView(await rejectMembership(params.membershipId, body.reason, caller, ports)));

export const handler = http(rejectHandler, options);
