import { z } from 'zod';
import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { MembershipStatusViewSchema, reject, reviewable, statusView } from '../domain/membership.js';

export const options = {
  summary: 'Reject a pending membership with a reason',
  responses: { 200: MembershipStatusViewSchema },
  params: z.strictObject({ membershipId: z.string().min(1) }),
  body: z.strictObject({ reason: z.string().trim().min(2).max(200) }),
};

const memberships = membershipRepository();

export const rejectHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const membership = reviewable(caller, await memberships.get(params.membershipId));
  const { membership: rejected, event } = reject(membership, body.reason, provinceCode(), new Date());
  await memberships.close(membership, rejected, event);
  return ok(statusView(rejected));
};

export const handler = http(rejectHandler, options);
