import { z } from 'zod';
import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { approve, formatMemberNo, reviewable, statusView } from '../domain/membership.js';

const options = { params: z.strictObject({ membershipId: z.string().min(1) }) };

const memberships = membershipRepository();

export const approveHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const membership = reviewable(caller, await memberships.get(params.membershipId));
  const now = new Date();
  const province = provinceCode();
  const year = now.getUTCFullYear();
  const approved = await memberships.approve(membership, year, (seq) => approve(membership, formatMemberNo(province, year, seq), province, now));
  return ok(statusView(approved));
};

export const handler = http(approveHandler, options);
