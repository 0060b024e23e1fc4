import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { leave, MembershipNotFoundError } from '../domain/membership.js';

const options = {};

const memberships = membershipRepository();

export const leaveHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const membership = await memberships.getByWorker(caller.principalId);
  if (!membership) throw new MembershipNotFoundError();
  const { membership: left, event } = leave(membership, provinceCode(), new Date());
  await memberships.close(membership, left, event);
  return ok({ status: left.status });
};

export const handler = http(leaveHandler, options);
