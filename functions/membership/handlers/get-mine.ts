import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { ECardSchema, eCardView } from '../domain/membership.js';

export const options = {
  summary: 'The caller\'s e-card, masked',
  responses: { 200: ECardSchema },
};

const memberships = membershipRepository();

/** The worker's e-card: their latest membership, personal fields masked. */
export const getMineHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const membership = await memberships.getByWorker(caller.principalId);
  return ok(eCardView(membership, await memberships.getOrg(membership.orgId)));
};

export const handler = http(getMineHandler, options);
