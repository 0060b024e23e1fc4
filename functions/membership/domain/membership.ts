import { envelope, type Envelope } from '../../../events/envelope.js';
import {
  MembershipStatusChangedV1,
  type MembershipStatus,
  type MembershipStatusChangedV1Data,
} from '../../../events/membership-status-changed.v1.js';
import { WorkerErasedV1, type WorkerErasedV1Data } from '../../../events/worker-erased.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import { OccupationSchema, type Occupation } from '../../../shared/occupations.js';

export { OccupationSchema };

/** An org as a join link names it (signed by the orgs service) or the membership service's copy has it. */
export interface OrgRef {
  id: string;
  name: string;
  /** Ids from the root down to the parent. */
  ancestors: string[];
}

/** Masked personal fields, kept for lists and the e-card; the whole values only as ciphertext. */
export interface MaskedPerson {
  name: string;
  mobile: string;
  idNumber: string;
}

/** Where a membership's personal data lives: the blind index of the ID number and the ciphertext. */
export interface SealedPerson {
  blindIndex: string;
  ciphertext: string;
}

/** What the member agreed to at join, and whether partner platforms may see the membership. */
export interface Consent {
  version: string;
  acceptedAt: string;
  shareWithPlatforms: boolean;
  /** When sharing was last given or withdrawn after the join. */
  sharingChangedAt?: string;
}

export interface Transfer {
  id: string;
  membershipId: string;
  fromOrgId: string;
  to: OrgRef;
  status: 'pending' | 'accepted';
  createdAt: string;
}

export interface Membership {
  id: string;
  /** The worker account; absent once erased, so nothing links the account to what remains. */
  workerId?: string;
  orgId: string;
  /** The org's name when the member joined or moved (what the join link said). */
  orgName?: string;
  ancestors: string[];
  status: MembershipStatus;
  occupation: Occupation;
  platforms: string[];
  regionCode: string;
  joinSource: string;
  /** Absent once erased. */
  consent?: Consent;
  memberNo?: string;
  /** When the membership became active. */
  since?: string;
  createdAt: string;
  updatedAt: string;
  /** Absent once erased. */
  masked?: MaskedPerson;
  rejectionReason?: string;
  pendingTransferId?: string;
  /** Earlier orgs, oldest first: transfers keep the member's history (until erasure). */
  history: { orgId: string; until: string; transferId: string }[];
  /** Optimistic lock: every change writes version + 1 on the condition that it read version. */
  version: number;
}

export class MembershipNotFoundError extends NotFoundError {
  constructor(what = 'membership') {
    super(`No ${what} in your scope`);
  }
}

/** The same answer whichever membership (pending or active, this account or another) stands in the way. */
export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('This person already has a pending or active membership');
  }
}

export class MembershipStateError extends ConflictError {
  constructor(action: string, status: MembershipStatus) {
    super(`Cannot ${action} a membership that is ${status}`);
  }
}

const LIVE: readonly MembershipStatus[] = ['pending', 'active'];
export const isLive = (status: MembershipStatus): boolean => LIVE.includes(status);

export type MembershipChange = { membership: Membership; event: Envelope<MembershipStatusChangedV1Data> };

/** The event announcing a membership's move from `before` (null when it is new) to `after`. */
function announce(before: Membership | null, after: Membership, province: string, now: Date): MembershipChange {
  const placement = (m: Membership) => ({ status: m.status, orgId: m.orgId, ancestors: m.ancestors });
  const event = envelope(
    MembershipStatusChangedV1,
    {
      membershipId: after.id,
      ...(after.workerId ? { workerId: after.workerId } : {}),
      occupation: after.occupation,
      ...(after.masked ? { maskedName: after.masked.name } : {}),
      regionCode: after.regionCode,
      platforms: after.platforms,
      joinSource: after.joinSource,
      from: before && placement(before),
      to: placement(after),
    },
    { province, now },
  );
  return { membership: after, event };
}

/** `<province><year><6-digit sequence>`, e.g. `352026000001`. */
export const formatMemberNo = (province: string, year: number, seq: number): string => `${province}${year}${String(seq).padStart(6, '0')}`;

/**
 * The platform a worker typed, as counted: a name on the province's list (compared without
 * surrounding spaces), else `other`. Typed names are free text and must not become stats keys.
 */
export function platformOf(typed: string | undefined, known: readonly string[]): string | undefined {
  if (typed === undefined) return undefined;
  const name = typed.trim();
  return known.includes(name) ? name : 'other';
}

export interface JoinInput {
  occupation: Occupation;
  /** The platform the worker named, if any, already matched against the province's list. */
  platform?: string;
  /** Platforms whose active roster rows match this person's ID, name and verified mobile. */
  rosteredOn: string[];
  regionCode: string;
  consent: { version: string; accepted: true; shareWithPlatforms?: boolean };
  masked: MaskedPerson;
}

export interface JoinContext {
  id: string;
  workerId: string;
  org: OrgRef;
  joinSource: string;
  province: string;
  now: Date;
  /** The next member number's sequence, used only when the person is activated at once. */
  nextMemberSeq: number;
}

/**
 * A worker joins the org a join link names.
 *
 * 1. The region must lie within the province.
 * 2. A person whose ID number, name and verified mobile match an active partner roster row is
 *    active at once with the next member number, listing every such platform; anyone else is
 *    `pending` until staff review.
 * 3. Consent (version, time, and whether partner platforms may see the membership, default no)
 *    is recorded.
 * 4. One live membership per person and per worker account is enforced by the repository's
 *    conditional writes, not here: a read-then-check would race.
 */
export function join(input: JoinInput, context: JoinContext): MembershipChange {
  if (!input.regionCode.startsWith(context.province)) {
    throw InvalidInputError.field('body.regionCode', `must lie within province ${context.province}`);
  }
  const at = context.now.toISOString();
  const activeAtOnce = input.rosteredOn.length > 0;
  const year = context.now.getUTCFullYear();
  const membership: Membership = {
    id: context.id,
    workerId: context.workerId,
    orgId: context.org.id,
    orgName: context.org.name,
    ancestors: context.org.ancestors,
    status: activeAtOnce ? 'active' : 'pending',
    occupation: input.occupation,
    platforms: [...new Set([...(input.platform ? [input.platform] : []), ...input.rosteredOn])],
    regionCode: input.regionCode,
    joinSource: context.joinSource,
    consent: { version: input.consent.version, acceptedAt: at, shareWithPlatforms: input.consent.shareWithPlatforms ?? false },
    ...(activeAtOnce ? { memberNo: formatMemberNo(context.province, year, context.nextMemberSeq), since: at } : {}),
    createdAt: at,
    updatedAt: at,
    masked: input.masked,
    history: [],
    version: 0,
  };
  return announce(null, membership, context.province, context.now);
}

/** Staff act on a membership only inside their org's subtree; others do not see it at all. */
export function reviewable<T extends Membership>(caller: Caller, membership: T | undefined): T {
  if (!membership || !isInScope(caller, { id: membership.orgId, ancestors: membership.ancestors })) {
    throw new MembershipNotFoundError();
  }
  return membership;
}

export function approve(membership: Membership, memberNo: string, province: string, now: Date): MembershipChange {
  if (membership.status !== 'pending') throw new MembershipStateError('approve', membership.status);
  const at = now.toISOString();
  return announce(membership, { ...membership, status: 'active', memberNo, since: at, updatedAt: at }, province, now);
}

export function reject(membership: Membership, reason: string, province: string, now: Date): MembershipChange {
  if (membership.status !== 'pending') throw new MembershipStateError('reject', membership.status);
  return announce(membership, { ...membership, status: 'rejected', rejectionReason: reason, updatedAt: now.toISOString() }, province, now);
}

export function leave(membership: Membership, province: string, now: Date): MembershipChange {
  if (!isLive(membership.status)) throw new MembershipStateError('leave', membership.status);
  const { pendingTransferId: _dropped, ...rest } = membership;
  return announce(membership, { ...rest, status: 'left', updatedAt: now.toISOString() }, province, now);
}

/**
 * Erasure on request (PIPL): what remains is anonymous (org, occupation, platforms, region,
 * dates), enough for the counts and nothing that leads back to the person or the worker
 * account: no worker id, member number, history, masked data, consent or reasons. The status
 * event omits the worker id; a WorkerErased event tells the services that keep data linked to
 * the account to drop it.
 */
export function erase(
  membership: Membership,
  province: string,
  now: Date,
): MembershipChange & { workerErased?: Envelope<WorkerErasedV1Data> } {
  if (membership.status === 'erased') throw new MembershipStateError('erase', membership.status);
  const { workerId, memberNo: _no, masked: _masked, consent: _consent, rejectionReason: _reason, pendingTransferId: _transfer, orgName: _name, ...rest } = membership;
  const anonymous: Membership = { ...rest, status: 'erased', history: [], updatedAt: now.toISOString() };
  const change = announce(membership, anonymous, province, now);
  // The status event must not carry the worker id: it would link the account to the counts.
  const { workerId: _worker, ...data } = change.event.data;
  const event = { ...change.event, data };
  return workerId ? { membership: anonymous, event, workerErased: envelope(WorkerErasedV1, { workerId }, { province, now }) } : { membership: anonymous, event };
}

/** A member gives or withdraws consent to let partner platforms see the membership. */
export function changeSharing(membership: Membership, share: boolean, now: Date): Membership {
  if (!isLive(membership.status) || !membership.consent) throw new MembershipStateError('change the consent of', membership.status);
  if (membership.consent.shareWithPlatforms === share) return membership;
  const at = now.toISOString();
  return { ...membership, consent: { ...membership.consent, shareWithPlatforms: share, sharingChangedAt: at }, updatedAt: at };
}

/** A member asks to move to the org of a join link; the target org's staff accept it. */
export function requestTransfer(membership: Membership, to: OrgRef, transferId: string, now: Date): { membership: Membership; transfer: Transfer } {
  if (membership.status !== 'active') throw new MembershipStateError('transfer', membership.status);
  if (membership.pendingTransferId) throw new ConflictError('A transfer of this membership is already waiting for acceptance');
  if (to.id === membership.orgId) throw InvalidInputError.field('body.joinToken', 'names the org the member already belongs to');
  const at = now.toISOString();
  return {
    membership: { ...membership, pendingTransferId: transferId, updatedAt: at },
    transfer: { id: transferId, membershipId: membership.id, fromOrgId: membership.orgId, to, status: 'pending', createdAt: at },
  };
}

/** Only staff of the target org (or above it) accept a transfer; the membership keeps its history. */
export function acceptTransfer(
  caller: Caller,
  membership: Membership,
  transfer: Transfer | undefined,
  province: string,
  now: Date,
): MembershipChange & { transfer: Transfer } {
  if (!transfer || !isInScope(caller, transfer.to)) throw new MembershipNotFoundError('transfer');
  if (transfer.status !== 'pending' || membership.pendingTransferId !== transfer.id || membership.status !== 'active') {
    throw new ConflictError('This transfer is no longer waiting for acceptance');
  }
  const at = now.toISOString();
  const { pendingTransferId: _done, ...rest } = membership;
  const moved: Membership = {
    ...rest,
    orgId: transfer.to.id,
    orgName: transfer.to.name,
    ancestors: transfer.to.ancestors,
    history: [...membership.history, { orgId: membership.orgId, until: at, transferId: transfer.id }],
    updatedAt: at,
  };
  return { ...announce(membership, moved, province, now), transfer: { ...transfer, status: 'accepted' } };
}

/** What partners and the union's coverage figures may learn of a person's membership. */
export interface Exposure {
  isMember: boolean;
  /** The member agreed to let partner platforms see it. */
  shared: boolean;
}

/** A membership's exposure; none for no membership (or one that has ended). */
export function exposureOf(membership: Membership | undefined): Exposure {
  const isMember = membership?.status === 'active';
  return { isMember, shared: isMember && membership?.consent?.shareWithPlatforms === true };
}
