import { envelope } from '../../../events/envelope.js';
import { JoinLinkRevokedV1 } from '../../../events/join-link-revoked.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import { verifyJoinLink } from '../../../shared/crypto/join-link.js';
import { MembershipNotFoundError } from '../domain/membership.js';
import type { MembershipPorts } from './ports.js';

/**
 * Staff revoke a join link: joins through it stop at once.
 *
 * 1. Verify the token (expired ones too: revoking one is harmless). The org and its ancestors
 *    come from the signed token; a token of another org than the path's, or outside the
 *    caller's subtree, is not found.
 * 2. Record the revocation in the memberships table, where every join checks it inside its
 *    own transaction, with a JoinLinkRevoked event (the orgs service drops it from its list).
 *    Revoking twice changes nothing.
 */
export async function revokeJoinLink(input: { orgId: string; token: string }, caller: Caller, ports: Pick<MembershipPorts, 'memberships' | 'joinLinks' | 'clock' | 'province'>): Promise<void> {
  const now = ports.clock.now();
  const claims = await verifyJoinLink(input.token, ports.joinLinks, now, { field: 'path.token', allowExpired: true });
  if (claims.orgId !== input.orgId || !isInScope(caller, { id: claims.orgId, ancestors: claims.ancestors })) throw new MembershipNotFoundError('join link');
  const event = envelope(JoinLinkRevokedV1, { linkId: claims.linkId, orgId: claims.orgId }, { province: ports.province, now });
  await ports.memberships.revokeLink({ linkId: claims.linkId, orgId: claims.orgId, expiresAt: claims.expiresAt, revokedAt: now.toISOString() }, event);
}
