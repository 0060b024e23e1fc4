import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { membershipRepository } from '../dependencies.js';
import { ClosedSchema, erase } from '../domain/membership.js';

export const options = {
  summary: 'Erase the caller\'s personal data; anonymous counts remain',
  responses: { 202: ClosedSchema },
};

const memberships = membershipRepository();

/** Erasure on request (PIPL): personal data, its ciphertext and blind index go; anonymous counts stay. */
export const eraseHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const membership = await memberships.getByWorker(caller.principalId);
  const { membership: erased, event } = erase(membership, provinceCode(), new Date());
  await memberships.erase(membership, erased, event);
  return accepted({ status: erased.status });
};

export const handler = http(eraseHandler, options);
