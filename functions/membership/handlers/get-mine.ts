import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { getMine } from '../use-cases/queries.js';
import { ECardSchema, eCardView } from '../views.js';

export const options = {
  summary: 'The caller\'s e-card, masked',
  responses: { 200: ECardSchema },
};

const ports = membershipPorts();

export const getMineHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const { membership, orgName } = await getMine(caller, ports);
  return ok(eCardView(membership, orgName));
};

export const handler = http(getMineHandler, options);
