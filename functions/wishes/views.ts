import { z } from 'zod';
import { WishCategorySchema, WishStatusSchema } from '../../events/wish-transition.js';
import { OccupationSchema } from '../../shared/occupations.js';
import { CampaignPhaseSchema, campaignPhase, type Campaign } from './domain/campaign.js';
import type { DonorClaims } from './repository.js';
import { holdsClaim, type Actor, type Wish } from './domain/wish.js';
import type { Notification } from './domain/notification.js';

const StationSchema = z.strictObject({ name: z.string(), address: z.string() }).meta({ id: 'PickupStation' });
const count = z.number().int();
const CountsSchema = z.strictObject({ pending_review: count, open: count, claimed: count, delivered: count, fulfilled: count, rejected: count, withdrawn: count });

export const CampaignViewSchema = z
  .strictObject({
    id: z.string(),
    orgId: z.string(),
    title: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    phase: CampaignPhaseSchema,
    budgetFen: z.number().int(),
    spentFen: z.number().int(),
    quota: z.number().int(),
    quotaTaken: z.number().int().meta({ description: 'Quota slots held by live wishes (every wish from submission until rejected or withdrawn); exact, unlike counts' }),
    maxValueFen: z.number().int(),
    claimHoldDays: z.number().int(),
    stations: z.array(StationSchema),
    counts: CountsSchema.meta({ description: 'Wishes per status; a projection of wish events that lags writes by moments' }),
  })
  .meta({ id: 'Campaign' });

/** What the API shows of a campaign. */
export const campaignView = (campaign: Campaign, now: Date): z.infer<typeof CampaignViewSchema> => ({
  id: campaign.id,
  orgId: campaign.orgId,
  title: campaign.title,
  opensAt: campaign.opensAt,
  closesAt: campaign.closesAt,
  phase: campaignPhase(campaign, now),
  budgetFen: campaign.budgetFen,
  spentFen: campaign.spentFen,
  quota: campaign.quota,
  quotaTaken: campaign.taken,
  maxValueFen: campaign.maxValueFen,
  claimHoldDays: campaign.claimHoldDays,
  stations: campaign.stations,
  counts: campaign.counts,
});

/** The anonymized wish of the pool: only what the worker wrote for donors, and where and what they work. */
export const PoolWishSchema = z
  .strictObject({
    id: z.string(),
    campaignId: z.string(),
    title: z.string(),
    category: WishCategorySchema,
    description: z.string(),
    valueFen: z.number().int(),
    status: WishStatusSchema,
    regionCode: z.string(),
    occupation: z.union([OccupationSchema, z.string()]),
  })
  .meta({ id: 'PoolWish' });

export const poolWishView = (wish: Wish): z.infer<typeof PoolWishSchema> => ({
  id: wish.id,
  campaignId: wish.campaignId,
  title: wish.title,
  category: wish.category,
  description: wish.description,
  valueFen: wish.valueFen,
  status: wish.status,
  regionCode: wish.regionCode,
  occupation: wish.occupation,
});

const ClaimViewSchema = z.strictObject({
  kind: z.enum(['donor', 'union']),
  /** The donor account or the funding org; absent in the worker's own view. */
  claimedBy: z.string().optional(),
  claimedAt: z.string(),
  claimExpiresAt: z.string().nullable(),
});

const DeliveryViewSchema = z.strictObject({
  to: z.enum(['org', 'station']),
  station: StationSchema.optional(),
  /** The giver's note to the union: shown to the giver and staff only. */
  note: z.string().optional(),
  deliveredAt: z.string(),
});

/** A wish as its viewer may see it: the pool's fields, and more for its claimer, its worker and staff. */
export const WishViewSchema = PoolWishSchema.extend({
  createdAt: z.string().optional(),
  rejectionReason: z.string().optional(),
  claim: ClaimViewSchema.optional(),
  delivery: DeliveryViewSchema.optional(),
  thanks: z.string().optional(),
  fulfilledAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
}).meta({ id: 'Wish' });

type WishView = z.infer<typeof WishViewSchema>;

const claimView = (wish: Wish, showHolder: boolean): WishView['claim'] => {
  const claim = wish.claim;
  if (!claim) return undefined;
  return {
    kind: claim.kind,
    ...(showHolder ? { claimedBy: claim.kind === 'donor' ? claim.donorId : claim.orgId } : {}),
    claimedAt: claim.claimedAt,
    claimExpiresAt: claim.kind === 'donor' ? claim.expiresAt : null,
  };
};

/**
 * What each viewer sees of a wish: other donors the pool's fields only; the claiming donor
 * also its claim, its own delivery note and the thanks; the worker their own wish with the
 * review's reason and where to pick the gift up; staff everything but the worker's identity.
 * (Fields left undefined are not in the JSON answer.)
 */
export function wishView(actor: Actor, wish: Wish): WishView {
  const base = poolWishView(wish);
  if (actor.kind === 'donor' && !holdsClaim(actor, wish)) return base;
  const isWorker = actor.kind === 'worker';
  const isStaff = actor.kind === 'staff';
  const delivery = wish.delivery;
  return {
    ...base,
    createdAt: isWorker || isStaff ? wish.createdAt : undefined,
    rejectionReason: isWorker || isStaff ? wish.rejectionReason : undefined,
    claim: claimView(wish, !isWorker),
    delivery: delivery && { to: delivery.to, station: delivery.station, note: isWorker ? undefined : delivery.note, deliveredAt: delivery.deliveredAt },
    thanks: wish.thanks,
    fulfilledAt: wish.fulfilledAt,
    withdrawnAt: wish.withdrawnAt,
  };
}

export const StatusSchema = z.strictObject({ status: WishStatusSchema }).meta({ id: 'WishStatus' });
export const SubmittedSchema = z.strictObject({ id: z.string(), status: WishStatusSchema }).meta({ id: 'SubmittedWish' });
export const ClaimedSchema = z
  .strictObject({ status: z.literal('claimed'), claimedBy: z.string(), claimExpiresAt: z.string().nullable() })
  .meta({ id: 'WishClaim' });

export const claimedView = (wish: Wish): z.infer<typeof ClaimedSchema> => {
  const claim = claimView(wish, true);
  if (!claim?.claimedBy) throw new Error(`Wish ${wish.id} has no claim to show`);
  return { status: 'claimed', claimedBy: claim.claimedBy, claimExpiresAt: claim.claimExpiresAt };
};

export const GiftSchema = z
  .strictObject({
    wishId: z.string(),
    title: z.string(),
    category: WishCategorySchema,
    valueFen: z.number().int(),
    status: WishStatusSchema,
    claimedAt: z.string(),
    claimExpiresAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    fulfilledAt: z.string().nullable(),
    thanks: z.string().nullable(),
    /** Set when the member withdrew the wish (left or was erased) while this donor held it: the donor is told here. */
    withdrawnAt: z.string().nullable(),
  })
  .meta({ id: 'Gift' });

export const giftView = (wish: Wish): z.infer<typeof GiftSchema> => ({
  wishId: wish.id,
  title: wish.title,
  category: wish.category,
  valueFen: wish.valueFen,
  status: wish.status,
  claimedAt: wish.claim?.claimedAt ?? '',
  claimExpiresAt: wish.status === 'claimed' && wish.claim?.kind === 'donor' ? wish.claim.expiresAt : null,
  deliveredAt: wish.delivery?.deliveredAt ?? null,
  fulfilledAt: wish.fulfilledAt ?? null,
  thanks: wish.thanks ?? null,
  withdrawnAt: wish.withdrawnAt ?? null,
});

export const GiftsSchema = z
  .strictObject({
    items: z.array(GiftSchema),
    nextCursor: z.string().nullable(),
    totals: z.strictObject({ count: z.number().int(), valueFen: z.number().int() }).meta({ description: 'Gifts delivered or fulfilled' }),
    claims: z.strictObject({ open: z.number().int(), limit: z.number().int() }).meta({ description: 'Undelivered claims held, and how many the account may hold' }),
  })
  .meta({ id: 'Gifts' });

export const ClaimLimitSchema = z.strictObject({ accountId: z.string(), limit: z.number().int(), open: z.number().int() }).meta({ id: 'ClaimLimit' });
export const claimLimitView = (accountId: string, donor: DonorClaims, defaultLimit: number): z.infer<typeof ClaimLimitSchema> => ({
  accountId,
  limit: donor.claimLimit ?? defaultLimit,
  open: donor.claimsOpen,
});

export const NotificationSchema = z
  .strictObject({ id: z.string(), type: z.string(), text: z.string(), wishId: z.string(), createdAt: z.string(), read: z.boolean() })
  .meta({ id: 'Notification' });
export const notificationView = (notification: Notification): z.infer<typeof NotificationSchema> => ({ ...notification });
