import { z } from 'zod';
import type { WishStatus } from '../../../events/wish-transition.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope, orgInScope, type ScopedOrg } from '../../../shared/auth/org-scope.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { CampaignNotFoundError, CampaignOrgNotFoundError } from './errors.js';

/** The wishes service's own copy of an org (from OrgCreated): enough to authorize staff. */
export interface OrgRef extends ScopedOrg {
  regionCode: string;
}

/** A pickup station (驿站) a campaign names, until a stations service exists. */
export interface Station {
  name: string;
  address: string;
}

export const DEFAULT_CLAIM_HOLD_DAYS = 14;

export const CampaignPhaseSchema = z.enum(['upcoming', 'open', 'closed']);
export type CampaignPhase = z.infer<typeof CampaignPhaseSchema>;

export interface Campaign {
  id: string;
  orgId: string;
  /** The org's ancestors, for staff scope. */
  ancestors: string[];
  /** The org's region: where a member's wish is, when the member's own region is unknown. */
  regionCode: string;
  title: string;
  opensAt: string;
  closesAt: string;
  budgetFen: number;
  /** Moved only with a condition in the transaction that funds or releases a wish. */
  spentFen: number;
  quota: number;
  /** Quota slots the campaign's live wishes hold: moved only with a condition in the transaction that submits or frees one. */
  taken: number;
  maxValueFen: number;
  claimHoldDays: number;
  stations: Station[];
  /** Wishes per status, kept by the projection of wish events (lags by moments). */
  counts: Record<WishStatus, number>;
  createdAt: string;
}

export interface NewCampaign {
  orgId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  budgetFen: number;
  quota: number;
  maxValueFen: number;
  claimHoldDays?: number;
  stations?: Station[];
}

export const zeroCounts = (): Record<WishStatus, number> => ({
  pending_review: 0,
  open: 0,
  claimed: 0,
  delivered: 0,
  fulfilled: 0,
  rejected: 0,
  withdrawn: 0,
});

/** Whether a campaign takes wishes at `now`: from opensAt (inclusive) to closesAt (exclusive). */
export function campaignPhase(campaign: Pick<Campaign, 'opensAt' | 'closesAt'>, now: Date): CampaignPhase {
  const at = now.getTime();
  if (at < Date.parse(campaign.opensAt)) return 'upcoming';
  return at < Date.parse(campaign.closesAt) ? 'open' : 'closed';
}

/** A campaign staff may run: the campaign org must be in their subtree (else it is not found). */
export function staffCampaign(caller: Caller, campaign: Campaign | undefined, campaignId: string): Campaign {
  if (!campaign || !isInScope(caller, { id: campaign.orgId, ancestors: campaign.ancestors })) throw new CampaignNotFoundError(campaignId);
  return campaign;
}

/** A campaign the caller may see: staff see their subtree's; workers and donors see every one. */
export function visibleCampaign(caller: Caller, campaign: Campaign | undefined, campaignId: string): Campaign {
  if (caller.role === 'org_admin' || caller.role === 'province_admin') return staffCampaign(caller, campaign, campaignId);
  if (!campaign) throw new CampaignNotFoundError(campaignId);
  return campaign;
}

/**
 * Decides a new campaign.
 *
 * 1. The org must be in the caller's subtree (staff of the org or an ancestor), else not found.
 * 2. It closes after it opens; station names are unique (deliveries name them).
 * 3. Nothing is spent and no wish is counted yet.
 */
export function planCampaign(input: NewCampaign, org: OrgRef | undefined, context: { caller: Caller; id: string; now: Date }): Campaign {
  const scoped = orgInScope(context.caller, org, () => new CampaignOrgNotFoundError(input.orgId));
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) throw InvalidInputError.field('body.closesAt', 'must be after opensAt');
  const stations = input.stations ?? [];
  if (new Set(stations.map((station) => station.name)).size !== stations.length) throw InvalidInputError.field('body.stations', 'station names must be unique');
  return {
    id: context.id,
    orgId: scoped.id,
    ancestors: [...scoped.ancestors],
    regionCode: scoped.regionCode,
    title: input.title,
    opensAt: new Date(input.opensAt).toISOString(),
    closesAt: new Date(input.closesAt).toISOString(),
    budgetFen: input.budgetFen,
    spentFen: 0,
    quota: input.quota,
    taken: 0,
    maxValueFen: input.maxValueFen,
    claimHoldDays: input.claimHoldDays ?? DEFAULT_CLAIM_HOLD_DAYS,
    stations,
    counts: zeroCounts(),
    createdAt: context.now.toISOString(),
  };
}
