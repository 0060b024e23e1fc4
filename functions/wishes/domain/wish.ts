import { envelope, type Envelope, type EventData } from '../../../events/envelope.js';
import type { MembershipStatus } from '../../../events/membership-status-changed.v1.js';
import { WishClaimExpiringV1 } from '../../../events/wish-claim-expiring.v1.js';
import { WishClaimedV1 } from '../../../events/wish-claimed.v1.js';
import { WishDeliveredV1 } from '../../../events/wish-delivered.v1.js';
import { WishExpiredV1 } from '../../../events/wish-expired.v1.js';
import { WishFulfilledV1 } from '../../../events/wish-fulfilled.v1.js';
import { WishFundedV1 } from '../../../events/wish-funded.v1.js';
import { WishOpenedV1 } from '../../../events/wish-opened.v1.js';
import { WishRejectedV1 } from '../../../events/wish-rejected.v1.js';
import { WishReleasedV1 } from '../../../events/wish-released.v1.js';
import { WishSubmittedV1 } from '../../../events/wish-submitted.v1.js';
import type { WishCategory, WishStatus, WishTransition } from '../../../events/wish-transition.js';
import { WishWithdrawnV1 } from '../../../events/wish-withdrawn.v1.js';
import type { StaffCaller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { campaignPhase, type Campaign, type Station } from './campaign.js';
import {
  CampaignClosedError,
  NotActiveMemberError,
  NotClaimerError,
  NotWishOwnerError,
  WishNotFoundError,
  WishNotOpenError,
  WishStateError,
} from './errors.js';

export type { WishCategory, WishStatus };

/** A donor account's hold on a wish: until `expiresAt` unless delivered. */
export interface DonorClaim {
  kind: 'donor';
  donorId: string;
  /** The account's registered name (a firm's), for the campaign report. */
  donorName: string;
  claimedAt: string;
  expiresAt: string;
  /** When the donor was reminded that the hold ends (once per claim). */
  remindedAt?: string;
}

/** The union funds the wish from the campaign budget: the claim never expires. */
export interface UnionClaim {
  kind: 'union';
  orgId: string;
  claimedAt: string;
}

export type Claim = DonorClaim | UnionClaim;

export interface Delivery {
  to: 'org' | 'station';
  station?: Station;
  /** The giver's note to the union: seen by the giver and staff, never by other donors. */
  note: string;
  deliveredAt: string;
}

export interface Wish {
  id: string;
  campaignId: string;
  orgId: string;
  ancestors: string[];
  /** The worker account; absent once the worker was erased (every link to them is dropped). */
  workerId?: string;
  title: string;
  category: WishCategory;
  description: string;
  valueFen: number;
  regionCode: string;
  occupation: string;
  status: WishStatus;
  /** From the campaign at submission: how long a donor claim holds. */
  claimHoldDays: number;
  createdAt: string;
  openedAt?: string;
  rejectionReason?: string;
  claim?: Claim;
  delivery?: Delivery;
  fulfilledAt?: string;
  thanks?: string;
  withdrawnAt?: string;
  /** Optimistic lock: every change writes version + 1 on the condition that it read version. */
  version: number;
}

/** The wishes service's read model of a worker's membership, fed by MembershipStatusChanged. */
export interface Member {
  workerId: string;
  status: MembershipStatus;
  orgId: string;
  ancestors: string[];
  regionCode?: string;
  occupation: string;
  /** When the membership event that wrote this happened: older events are ignored. */
  changedAt: string;
}

/** Who acts on a wish, as the domain sees a caller. */
export type Actor =
  | { kind: 'staff'; caller: StaffCaller }
  | { kind: 'donor'; donorId: string; name: string }
  | { kind: 'worker'; workerId: string };

/**
 * Side effects a transition has on other items, committed in the same transaction as the wish:
 * the campaign's quota counter, the one-wish-per-member guard, the donor's count of undelivered
 * claims (bounded by its limit) and the campaign budget (bounded by budgetFen).
 */
export interface Effects {
  quota?: 1 | -1;
  guard?: 'put' | 'delete';
  donorClaims?: { donorId: string; delta: 1 | -1 };
  /** Fen taken from (positive) or returned to (negative) the campaign budget. */
  spendFen?: number;
}

export interface WishChange {
  before: Wish | null;
  after: Wish;
  /** A transition's event, or the reminder of a claim's end (the one change that keeps the status). */
  event: Envelope<WishTransition> | Envelope<EventData<typeof WishClaimExpiringV1>>;
  effects: Effects;
}

export interface Context {
  now: Date;
  province: string;
}

/** Statuses donors see in the pool and by id: a wish staff approved, and what became of it. */
export const DONOR_VISIBLE: readonly WishStatus[] = ['open', 'claimed', 'delivered', 'fulfilled'];
/** Statuses a member's leaving withdraws. */
const LIVE: readonly WishStatus[] = ['pending_review', 'open', 'claimed', 'delivered'];

const DAY_MS = 24 * 3600 * 1000;

const inScope = (caller: StaffCaller, wish: Wish) => isInScope(caller, { id: wish.orgId, ancestors: wish.ancestors });

/**
 * Whether the actor may see the wish at all: staff of the campaign org's subtree, donors while
 * it is in the pool's statuses or when they hold its claim, the worker who wrote it.
 */
export function canSee(actor: Actor, wish: Wish): boolean {
  switch (actor.kind) {
    case 'staff':
      return inScope(actor.caller, wish);
    case 'donor':
      return DONOR_VISIBLE.includes(wish.status) || holdsClaim(actor, wish);
    case 'worker':
      return wish.workerId !== undefined && wish.workerId === actor.workerId;
  }
}

/** The wish if the actor may see it; otherwise it is not found, so its existence is not confirmed. */
export function visibleWish(actor: Actor, wish: Wish | undefined, wishId: string): Wish {
  if (!wish || !canSee(actor, wish)) throw new WishNotFoundError(wishId);
  return wish;
}

/** Whether the actor holds the wish's claim: the claiming donor, or staff for a union-funded one. */
export function holdsClaim(actor: Actor, wish: Wish): boolean {
  const claim = wish.claim;
  if (!claim) return false;
  if (claim.kind === 'donor') return actor.kind === 'donor' && actor.donorId === claim.donorId;
  return actor.kind === 'staff' && inScope(actor.caller, wish);
}

/** What every wish event says: which wish moved from which status to which. */
function transition(before: Wish | null, after: Wish): WishTransition {
  return {
    wishId: after.id,
    campaignId: after.campaignId,
    orgId: after.orgId,
    ancestors: after.ancestors,
    category: after.category,
    valueFen: after.valueFen,
    from: before?.status ?? null,
    to: after.status,
  };
}

const meta = (context: Context) => ({ province: context.province, now: context.now });

const moved = (wish: Wish, changes: Partial<Wish>): Wish => ({ ...wish, ...changes });

export interface NewWish {
  title: string;
  category: WishCategory;
  description: string;
  valueFen: number;
}

/**
 * A member submits a wish to a campaign.
 *
 * 1. The member must be active in the campaign org's subtree (403 otherwise).
 * 2. The campaign must be taking wishes (409), and the value within its cap (400).
 * 3. The wish waits for review; the quota counter and the one-wish-per-member guard are moved
 *    by the repository with conditions, in the same transaction (they race, a read would not).
 */
export function submit(input: NewWish, campaign: Campaign, member: Member | undefined, context: Context & { id: string; workerId: string }): WishChange {
  if (!isActiveIn(member, campaign)) throw new NotActiveMemberError();
  if (campaignPhase(campaign, context.now) !== 'open') throw new CampaignClosedError(campaign.id);
  if (input.valueFen > campaign.maxValueFen) throw InvalidInputError.field('body.valueFen', `must be at most the campaign's cap of ${campaign.maxValueFen} fen`);
  const wish: Wish = {
    id: context.id,
    campaignId: campaign.id,
    orgId: campaign.orgId,
    ancestors: campaign.ancestors,
    workerId: context.workerId,
    ...input,
    regionCode: member.regionCode ?? campaign.regionCode,
    occupation: member.occupation,
    status: 'pending_review',
    claimHoldDays: campaign.claimHoldDays,
    createdAt: context.now.toISOString(),
    version: 0,
  };
  return { before: null, after: wish, event: envelope(WishSubmittedV1, transition(null, wish), meta(context)), effects: { quota: 1, guard: 'put' } };
}

/** Whether a member read model entry lets the worker submit to the campaign. */
export function isActiveIn(member: Member | undefined, campaign: Pick<Campaign, 'orgId'>): member is Member {
  return member?.status === 'active' && (member.orgId === campaign.orgId || member.ancestors.includes(campaign.orgId));
}

function requireStatus(wish: Wish, action: string, ...allowed: WishStatus[]): void {
  if (!allowed.includes(wish.status)) throw new WishStateError(action, wish.status);
}

/** Staff approve a wish under review: it enters the pool. */
export function approve(wish: Wish, context: Context): WishChange {
  requireStatus(wish, 'approve', 'pending_review');
  const after = moved(wish, { status: 'open', openedAt: context.now.toISOString() });
  return { before: wish, after, event: envelope(WishOpenedV1, transition(wish, after), meta(context)), effects: {} };
}

/** Staff reject a wish under review with a reason the worker sees; the quota slot and the member's turn are freed. */
export function reject(wish: Wish, reason: string, context: Context): WishChange {
  requireStatus(wish, 'reject', 'pending_review');
  const after = moved(wish, { status: 'rejected', rejectionReason: reason });
  return { before: wish, after, event: envelope(WishRejectedV1, transition(wish, after), meta(context)), effects: { quota: -1, guard: 'delete' } };
}

/** A donor claims an open wish (认领), held for `holdDays` unless delivered. */
export function claim(wish: Wish, donor: { donorId: string; name: string }, now: Date, holdDays: number, province: string): WishChange {
  if (wish.status !== 'open') throw new WishNotOpenError(wish.id, wish.status);
  const expiresAt = new Date(now.getTime() + holdDays * DAY_MS).toISOString();
  const after = moved(wish, {
    status: 'claimed',
    claim: { kind: 'donor', donorId: donor.donorId, donorName: donor.name, claimedAt: now.toISOString(), expiresAt },
  });
  const event = envelope(WishClaimedV1, { ...transition(wish, after), donorId: donor.donorId, claimExpiresAt: expiresAt }, { now, province });
  return { before: wish, after, event, effects: { donorClaims: { donorId: donor.donorId, delta: 1 } } };
}

/** Staff fund an open wish from the campaign budget: the union holds the claim. */
export function fund(wish: Wish, context: Context): WishChange {
  if (wish.status !== 'open') throw new WishNotOpenError(wish.id, wish.status);
  const after = moved(wish, { status: 'claimed', claim: { kind: 'union', orgId: wish.orgId, claimedAt: context.now.toISOString() } });
  return { before: wish, after, event: envelope(WishFundedV1, { ...transition(wish, after), fundedBy: wish.orgId }, meta(context)), effects: { spendFen: wish.valueFen } };
}

/** What releasing (or expiring, or withdrawing) a claim gives back: the donor's slot or the budget. */
function returnClaim(wish: Wish): Effects {
  if (!wish.claim) return {};
  return wish.claim.kind === 'donor' ? { donorClaims: { donorId: wish.claim.donorId, delta: -1 } } : { spendFen: -wish.valueFen };
}

function requireHolder(actor: Actor, wish: Wish, action: string): Claim {
  if (!wish.claim) throw new WishStateError(action, wish.status);
  if (!holdsClaim(actor, wish)) throw new NotClaimerError(action);
  return wish.claim;
}

/** The claim's holder gives the wish back to the pool; a union-funded wish returns its value to the budget. */
export function release(wish: Wish, actor: Actor, context: Context): WishChange {
  const held = requireHolder(actor, wish, 'release');
  requireStatus(wish, 'release', 'claimed');
  const after = moved(wish, { status: 'open', claim: undefined });
  const releasedBy = held.kind === 'donor' ? held.donorId : held.orgId;
  const event = envelope(WishReleasedV1, { ...transition(wish, after), claimKind: held.kind, releasedBy }, meta(context));
  return { before: wish, after, event, effects: returnClaim(wish) };
}

/** Whether a claim is a donor claim past its hold: the expiry schedule's test. */
export const isClaimDue = (wish: Wish, now: Date): boolean =>
  wish.status === 'claimed' && wish.claim?.kind === 'donor' && Date.parse(wish.claim.expiresAt) <= now.getTime();

/** A donor claim not delivered within its hold goes back to the pool. Union claims never expire. */
export function expire(wish: Wish, context: Context): WishChange {
  if (!isClaimDue(wish, context.now) || wish.claim?.kind !== 'donor') throw new WishStateError('expire the claim of', wish.status);
  const after = moved(wish, { status: 'open', claim: undefined });
  return { before: wish, after, event: envelope(WishExpiredV1, { ...transition(wish, after), donorId: wish.claim.donorId }, meta(context)), effects: returnClaim(wish) };
}

/** How long before a donor claim's hold ends its donor is reminded (`wish.claim_expiring`). */
export const CLAIM_REMINDER_HOURS = 24;

/** When a donor claim's reminder is due: a day before its hold ends. */
export const reminderDueAt = (claim: DonorClaim): string => new Date(Date.parse(claim.expiresAt) - CLAIM_REMINDER_HOURS * 3600_000).toISOString();

/**
 * Reminds the donor that its claim ends within a day: once per claim (the claim keeps when it
 * was reminded, and a new claim starts without), and only while the wish is claimed by a donor.
 */
export function remindClaim(wish: Wish, context: Context): WishChange {
  const held = wish.claim;
  if (wish.status !== 'claimed' || held?.kind !== 'donor' || held.remindedAt !== undefined || reminderDueAt(held) > context.now.toISOString()) {
    throw new WishStateError('remind the donor of', wish.status);
  }
  const after = moved(wish, { claim: { ...held, remindedAt: context.now.toISOString() } });
  const event = envelope(
    WishClaimExpiringV1,
    { wishId: wish.id, campaignId: wish.campaignId, category: wish.category, valueFen: wish.valueFen, donorId: held.donorId, claimedAt: held.claimedAt, claimExpiresAt: held.expiresAt },
    meta(context),
  );
  return { before: wish, after, event, effects: {} };
}

export interface DeliveryInput {
  to: 'org' | 'station';
  station?: string;
  note: string;
}

/**
 * The claim's holder hands the gift to the organizing union or to a pickup station the
 * campaign names: donors never learn the worker's address.
 */
export function deliver(wish: Wish, actor: Actor, input: DeliveryInput, stations: readonly Station[], context: Context): WishChange {
  const held = requireHolder(actor, wish, 'deliver');
  requireStatus(wish, 'deliver', 'claimed');
  let station: Station | undefined;
  if (input.to === 'station') {
    if (input.station === undefined) throw InvalidInputError.field('body.station', 'is required when delivering to a station');
    station = stations.find((candidate) => candidate.name === input.station);
    if (!station) throw InvalidInputError.field('body.station', "must be one of the campaign's pickup stations");
  } else if (input.station !== undefined) {
    throw InvalidInputError.field('body.station', 'is only for deliveries to a station');
  }
  const delivery: Delivery = { to: input.to, ...(station ? { station } : {}), note: input.note, deliveredAt: context.now.toISOString() };
  const after = moved(wish, { status: 'delivered', delivery });
  const effects: Effects = held.kind === 'donor' ? { donorClaims: { donorId: held.donorId, delta: -1 } } : {};
  return { before: wish, after, event: envelope(WishDeliveredV1, { ...transition(wish, after), claimKind: held.kind, deliveredTo: input.to }, meta(context)), effects };
}

/** The wish's worker (or staff) confirms receipt, with an optional thank-you for the giver. */
export function confirm(wish: Wish, actor: Actor, thanks: string | undefined, context: Context): WishChange {
  const mayConfirm = actor.kind === 'staff' || (actor.kind === 'worker' && wish.workerId === actor.workerId);
  if (!mayConfirm) throw new NotWishOwnerError('confirm');
  requireStatus(wish, 'confirm', 'delivered');
  const fulfilledAt = context.now.toISOString();
  const after = moved(wish, { status: 'fulfilled', fulfilledAt, ...(thanks === undefined ? {} : { thanks }) });
  const claimKind = wish.claim?.kind ?? 'union';
  const donorId = wish.claim?.kind === 'donor' ? { donorId: wish.claim.donorId } : {};
  const event = envelope(WishFulfilledV1, { ...transition(wish, after), claimKind, ...donorId, fulfilledAt, thanked: thanks !== undefined, ...(thanks === undefined ? {} : { thanks }) }, meta(context));
  return { before: wish, after, event, effects: {} };
}

/** Whether a member's leaving withdraws the wish. */
export const isLive = (wish: Wish): boolean => LIVE.includes(wish.status);

/**
 * The member left or was erased: a live wish is withdrawn, its quota slot freed, an undelivered
 * claim given back (the donor keeps a record of it and is told), union money not yet handed over
 * returned to the budget.
 */
export function withdraw(wish: Wish, context: Context): WishChange {
  if (!isLive(wish)) throw new WishStateError('withdraw', wish.status);
  const after = moved(wish, { status: 'withdrawn', withdrawnAt: context.now.toISOString() });
  const effects: Effects = { quota: -1, ...(wish.status === 'claimed' ? returnClaim(wish) : {}) };
  const donorId = wish.claim?.kind === 'donor' ? { donorId: wish.claim.donorId } : {};
  return { before: wish, after, event: envelope(WishWithdrawnV1, { ...transition(wish, after), ...donorId }, meta(context)), effects };
}

/** When the wish's donor claim expires; null for a union claim or no claim. */
export const claimExpiry = (wish: Wish): string | null => (wish.claim?.kind === 'donor' ? wish.claim.expiresAt : null);
