import type { Caller } from '../../../shared/auth/caller.js';
import { joinLinkRefused, signJoinLink, verifyJoinLink, type JoinLinkKey } from '../../../shared/crypto/join-link.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import type { Poster } from '../../../shared/poster/poster.js';
import { isLive, planJoinLink, type JoinLink, type NewJoinLink } from '../domain/join-link.js';
import { visibleOrg } from '../domain/org.js';
import { joinPoster } from '../domain/poster.js';
import type { OrgRepository } from '../repository.js';

export interface JoinLinkPorts {
  orgs: Pick<OrgRepository, 'get' | 'putJoinLink' | 'listJoinLinks'>;
  clock: Clock;
  ids: Ids;
  joinLinks: Pick<JoinLinkKey, 'sign'>;
  /** The page a scanned link opens; the token is appended. */
  baseUrl: string;
}

/**
 * Mints a join link where the org lives, so a link for an org created a moment ago works at
 * once (the membership service's copy of the tree would lag).
 *
 * 1. Load the org from this service's own table; staff outside its subtree do not see it.
 * 2. Decide the claims (`planJoinLink`) and sign them with the join-link key.
 * 3. Keep a record of the link for the org's list of live links.
 */
export async function createJoinLink(orgId: string, input: NewJoinLink, caller: Caller, ports: JoinLinkPorts): Promise<JoinLink> {
  const now = ports.clock.now();
  const claims = planJoinLink(caller, await ports.orgs.get(orgId), orgId, input, { linkId: ports.ids.next('jl'), now });
  const token = await signJoinLink(claims, ports.joinLinks);
  const link: JoinLink = {
    linkId: claims.linkId,
    orgId: claims.orgId,
    token,
    url: `${ports.baseUrl}?token=${token}`,
    ...(claims.station ? { station: claims.station } : {}),
    ...(claims.campaign ? { campaign: claims.campaign } : {}),
    expiresAt: claims.expiresAt,
    createdAt: now.toISOString(),
  };
  await ports.orgs.putJoinLink(link);
  return link;
}

/** An org's live links (neither expired nor revoked), for staff who see the org. */
export async function listJoinLinks(orgId: string, caller: Caller, ports: Pick<JoinLinkPorts, 'orgs' | 'clock'>): Promise<JoinLink[]> {
  const org = visibleOrg(caller, await ports.orgs.get(orgId), orgId);
  const now = ports.clock.now();
  return (await ports.orgs.listJoinLinks(org.id)).filter((link) => isLive(link, now));
}

/** The membership service revoked a link: it leaves the org's list (a repeat changes nothing). */
export async function forgetRevokedLink(data: { linkId: string; orgId: string }, revokedAt: string, ports: { orgs: Pick<OrgRepository, 'markJoinLinkRevoked'> }): Promise<void> {
  await ports.orgs.markJoinLinkRevoked(data.orgId, data.linkId, revokedAt);
}

/**
 * The poster of one of an org's live links, for staff to print and hang where workers pass.
 *
 * 1. Check the token's signature and expiry (an altered or expired token is a bad `path.token`).
 * 2. The org must be the token's and in the caller's scope (else not found).
 * 3. A link this service no longer holds, or that was revoked, gets the same answer as an
 *    altered one: no poster for a link that does not work.
 * 4. Draw the poster from the signed claims and the link's URL.
 */
export async function joinLinkPoster(
  orgId: string,
  token: string,
  caller: Caller,
  ports: { orgs: Pick<OrgRepository, 'get' | 'getJoinLink'>; clock: Clock; joinLinks: Pick<JoinLinkKey, 'verify'> },
): Promise<Poster> {
  const now = ports.clock.now();
  const claims = await verifyJoinLink(token, ports.joinLinks, now, { field: 'path.token' });
  const org = visibleOrg(caller, claims.orgId === orgId ? await ports.orgs.get(orgId) : undefined, orgId);
  const link = await ports.orgs.getJoinLink(org.id, claims.linkId);
  if (!link || link.token !== token || !isLive(link, now)) throw joinLinkRefused('path.token');
  return joinPoster({ orgName: claims.orgName, url: link.url, expiresAt: claims.expiresAt, ...(claims.station ? { station: claims.station } : {}) });
}
