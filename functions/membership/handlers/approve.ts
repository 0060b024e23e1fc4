import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { activate } from '../approval.js';
import { membershipRepository } from '../dependencies.js';
import { MembershipStatusViewSchema, reviewable, statusView } from '../domain/membership.js';

export const options = {
  summary: 'Approve a pending membership with the next member number',
  responses: { 200: MembershipStatusViewSchema },
  params: z.strictObject({ membershipId: z.string().min(1) }),
};

const memberships = membershipRepository();

export const approveHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(statusView(await activate(memberships, reviewable(caller, await memberships.get(params.membershipId)))));

export const handler = http(approveHandler, options);
