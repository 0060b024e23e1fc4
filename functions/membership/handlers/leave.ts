import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { ClosedSchema, leave } from '../domain/membership.js';

export const options = {
  summary: 'Leave the union',
  responses: { 200: ClosedSchema },
};

const memberships = membershipRepository();

export const leaveHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const membership = await memberships.getByWorker(caller.principalId);
  const { membership: left, event } = leave(membership, provinceCode(), new Date());
  await memberships.close(membership, left, event);
  return ok({ status: left.status });
};

export const handler = http(leaveHandler, options);
