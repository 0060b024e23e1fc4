import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { noContent } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { revokeJoinLink } from '../use-cases/revoke-join-link.js';

export const options = {
  summary: 'Revoke a join link: joins through it stop at once',
  responses: { 204: null },
  params: z.strictObject({ orgId: z.string().min(1), token: z.string().min(1).max(2048) }),
};

const ports = membershipPorts();

export const revokeJoinLinkHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  await revokeJoinLink(params, caller, ports);
  return noContent();
};

export const handler = http(revokeJoinLinkHandler, options);
