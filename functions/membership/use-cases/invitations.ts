import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { signJoinLink } from '../../../shared/crypto/join-link.js';
import { groupByStation, invitationAreaOf, invitationLinkClaims, type StationGroup } from '../domain/invitation.js';
import { MembershipNotFoundError } from '../domain/membership.js';
import type { MembershipPorts } from './ports.js';

export interface InvitationPorts extends Pick<MembershipPorts, 'memberships' | 'clock' | 'audit'> {
  joinLinks: Pick<MembershipPorts['joinLinks'], 'sign'>;
}

/** One station's riders to invite, with the join link to print beside them. */
export interface Invitation extends StationGroup {
  joinUrl: string;
}

/**
 * The riders union staff should invite, a page at a time, grouped by station (驿站): active on a
 * partner's roster in the org's region and not members (ADR 0014).
 *
 * 1. Load this service's copy of the org; staff outside its subtree are told it does not exist.
 * 2. Decide the area: the org's region, or a city or district within it (`regionCode`).
 * 3. Read a page of the rows to invite there (of one station, when asked).
 * 4. Group them by station, each with the org's join link for that station (the day's link).
 */
export async function listInvitations(
  input: { orgId: string; regionCode?: string; station?: string; limit: number; cursor?: string },
  caller: Caller,
  /** The page a scanned link opens; the token is appended. */
  baseUrl: string,
  ports: InvitationPorts,
): Promise<{ items: Invitation[]; nextCursor: string | null }> {
  const org = orgInScope(caller, await ports.memberships.getOrg(input.orgId), () => new MembershipNotFoundError('org'));
  const area = invitationAreaOf(org, input.regionCode);
  const page = await ports.memberships.rowsToInvite({ ...area, ...(input.station !== undefined ? { station: input.station } : {}), limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) });
  const now = ports.clock.now();
  const links = new Map<string | null, Promise<string>>();
  const linkOf = (station: string | null) => {
    if (!links.has(station)) links.set(station, signJoinLink(invitationLinkClaims(org, station, now), ports.joinLinks));
    return links.get(station)!;
  };
  await ports.audit.record({ action: 'invitations.list', actor: caller, orgId: org.id, subjects: page.items.map((row) => `${row.partnerId}#${row.riderId}`) });
  const items = await Promise.all(groupByStation(page.items).map(async (group) => ({ ...group, joinUrl: `${baseUrl}?token=${await linkOf(group.station)}` })));
  return { items, nextCursor: page.nextCursor };
}
