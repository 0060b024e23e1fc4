import type { Caller } from '../../../shared/auth/caller.js';
import type { JoinLinkClaims } from '../../../shared/crypto/join-link.js';
import { visibleOrg, type Org } from './org.js';

/** A join link (扫码入会) the orgs service minted for one of its orgs, as its list shows it. */
export interface JoinLink {
  linkId: string;
  orgId: string;
  token: string;
  url: string;
  station?: string;
  campaign?: string;
  /** Epoch seconds, as the token says. */
  expiresAt: number;
  createdAt: string;
  /** Set when the membership service announces the link's revocation. */
  revokedAt?: string;
}

export interface NewJoinLink {
  expiresInDays: number;
  station?: string;
  campaign?: string;
}

/**
 * What a new join link's token says: the org (with its name and ancestors, so that joining needs
 * no copy of the tree), the optional station or campaign, and its expiry. Only staff who see the
 * org may mint one (else it is not found).
 */
export function planJoinLink(caller: Caller, org: Org | undefined, orgId: string, input: NewJoinLink, context: { linkId: string; now: Date }): JoinLinkClaims {
  const scoped = visibleOrg(caller, org, orgId);
  return {
    linkId: context.linkId,
    orgId: scoped.id,
    orgName: scoped.name,
    ancestors: scoped.ancestors,
    ...(input.station ? { station: input.station } : {}),
    ...(input.campaign ? { campaign: input.campaign } : {}),
    expiresAt: Math.floor(context.now.getTime() / 1000) + input.expiresInDays * 86_400,
  };
}

/** A link still works: neither expired nor revoked. */
export const isLive = (link: JoinLink, now: Date): boolean => link.revokedAt === undefined && link.expiresAt * 1000 > now.getTime();
