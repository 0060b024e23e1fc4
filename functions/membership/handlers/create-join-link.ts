import { z } from 'zod';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { joinLinkBaseUrl } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { joinLinkMac, membershipRepository } from '../dependencies.js';
import { JoinLinkSchema, signJoinLink } from '../domain/join-link.js';
import { MembershipNotFoundError } from '../domain/membership.js';

export const options = {
  summary: 'Sign an expiring join link (扫码入会) for an org',
  responses: { 201: JoinLinkSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
  body: z
    .strictObject({
      expiresInDays: z.number().int().min(1).max(365).default(30),
      station: z.string().min(1).max(64).optional(),
      campaign: z.string().min(1).max(64).optional(),
    })
    .default({ expiresInDays: 30 }),
  idempotent: true,
};

const memberships = membershipRepository();
const mac = joinLinkMac();

/** A signed, expiring join link (扫码入会) for an org in the caller's subtree. */
export const createJoinLinkHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const org = orgInScope(caller, await memberships.getOrg(params.orgId), () => new MembershipNotFoundError('org'));
  const expiresAt = Math.floor(Date.now() / 1000) + body.expiresInDays * 86_400;
  const token = await signJoinLink({ orgId: org.id, station: body.station, campaign: body.campaign, expiresAt }, mac);
  return created({ token, url: `${joinLinkBaseUrl()}?token=${token}`, expiresAt: new Date(expiresAt * 1000).toISOString() });
};

export const handler = http(createJoinLinkHandler, options);
