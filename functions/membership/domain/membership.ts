import { envelope, type Envelope } from '../../../events/envelope.js';
import { z } from 'zod';
import {
  MembershipStatusChangedV1,
  MembershipStatusSchema,
  type MembershipStatus,
  type MembershipStatusChangedV1Data,
} from '../../../events/membership-status-changed.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import { OccupationSchema, type Occupation } from '../../../shared/occupations.js';

export { OccupationSchema };

/** The membership service's own copy of an org, projected from OrgCreated events. */
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

export interface Transfer {
  id: string;
  membershipId: string;
  workerId: string;
  fromOrgId: string;
  to: OrgRef;
  status: 'pending' | 'accepted';
  createdAt: string;
}

export interface Membership {
  id: string;
  workerId: string;
  orgId: string;
  ancestors: string[];
  status: MembershipStatus;
  occupation: Occupation;
  platforms: string[];
  regionCode: string;
  joinSource: string;
  consent: { version: string; acceptedAt: string };
  memberNo?: string;
  /** When the membership became active. */
  since?: string;
  createdAt: string;
  updatedAt: string;
  /** Absent once the person asked for erasure. */
  masked?: MaskedPerson;
  rejectionReason?: string;
  pendingTransferId?: string;
  /** Earlier orgs, oldest first: transfers keep the member's history. */
  history: { orgId: string; until: string; transferId: string }[];
  /** Optimistic lock: every change writes version + 1 on the condition that it read version. */
  version: number;
}

export class MembershipNotFoundError extends NotFoundError {
  constructor(what = 'membership') {
    super(`No ${what} in your scope`);
  }
}

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
export const isLive = (status: MembershipStatus) => LIVE.includes(status);

export type MembershipChange = { membership: Membership; event: Envelope<MembershipStatusChangedV1Data> };

/** The event announcing a membership's move from `before` (null when it is new) to `after`. */
function announce(before: Membership | null, after: Membership, province: string, now: Date): MembershipChange {
  const placement = (m: Membership) => ({ status: m.status, orgId: m.orgId, ancestors: m.ancestors });
  const event = envelope(
    MembershipStatusChangedV1,
    {
      membershipId: after.id,
      workerId: after.workerId,
      occupation: after.occupation,
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

export interface JoinInput {
  occupation: Membership['occupation'];
  /** The platform the worker named, if any. */
  platform?: string;
  /** Platforms on whose active rosters the person is (matched by blind index). */
  rosteredOn: string[];
  regionCode: string;
  consent: { version: string; accepted: true };
  masked: MaskedPerson;
}

/**
 * A worker joins the org a join link names.
 *
 * 1. The region must lie within the province.
 * 2. The membership starts `pending`; a person on any partner's active roster is verified and
 *    is to be activated at once (`verified`), listing every such platform.
 * 3. Consent (version and time) is recorded.
 * 4. One live membership per person and per worker account is enforced by the repository's
 *    conditional writes, not here: a read-then-check would race.
 */
export function join(
  input: JoinInput,
  context: { id: string; workerId: string; org: OrgRef; joinSource: string; province: string; now: Date },
): MembershipChange & { verified: boolean } {
  if (!input.regionCode.startsWith(context.province)) {
    throw InvalidInputError.field('body.regionCode', `must lie within province ${context.province}`);
  }
  const at = context.now.toISOString();
  const membership: Membership = {
    id: context.id,
    workerId: context.workerId,
    orgId: context.org.id,
    ancestors: context.org.ancestors,
    status: 'pending',
    occupation: input.occupation,
    platforms: [...new Set([...(input.platform ? [input.platform] : []), ...input.rosteredOn])],
    regionCode: input.regionCode,
    joinSource: context.joinSource,
    consent: { version: input.consent.version, acceptedAt: at },
    createdAt: at,
    updatedAt: at,
    masked: input.masked,
    history: [],
    version: 0,
  };
  return { ...announce(null, membership, context.province, context.now), verified: input.rosteredOn.length > 0 };
}

/** Staff act on a membership only inside their org's subtree; others do not see it at all. */
export function reviewable(caller: Caller, membership: Membership | undefined): Membership {
  if (!membership || !isInScope(caller, { id: membership.orgId, ancestors: membership.ancestors })) {
    throw new MembershipNotFoundError();
  }
  return membership;
}

/** `<province><year><6-digit sequence>`, e.g. `352026000001`. */
export const formatMemberNo = (province: string, year: number, seq: number) => `${province}${year}${String(seq).padStart(6, '0')}`;

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
 * Erasure on request: the personal fields go (the repository deletes the ciphertext and the
 * blind index with them); what remains is anonymous: org, occupation, dates, member number.
 */
export function erase(membership: Membership, province: string, now: Date): MembershipChange {
  if (membership.status === 'erased') throw new MembershipStateError('erase', membership.status);
  const { masked: _masked, rejectionReason: _reason, pendingTransferId: _transfer, ...anonymous } = membership;
  return announce(membership, { ...anonymous, status: 'erased', updatedAt: now.toISOString() }, province, now);
}

/** A member asks to move to the org of a join link; the target org's staff accept it. */
export function requestTransfer(membership: Membership, to: OrgRef, transferId: string, now: Date): { membership: Membership; transfer: Transfer } {
  if (membership.status !== 'active') throw new MembershipStateError('transfer', membership.status);
  if (membership.pendingTransferId) throw new ConflictError('A transfer of this membership is already waiting for acceptance');
  if (to.id === membership.orgId) throw InvalidInputError.field('body.joinToken', 'names the org the member already belongs to');
  const at = now.toISOString();
  return {
    membership: { ...membership, pendingTransferId: transferId, updatedAt: at },
    transfer: { id: transferId, membershipId: membership.id, workerId: membership.workerId, fromOrgId: membership.orgId, to, status: 'pending', createdAt: at },
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
    ancestors: transfer.to.ancestors,
    history: [...membership.history, { orgId: membership.orgId, until: at, transferId: transfer.id }],
    updatedAt: at,
  };
  return { ...announce(membership, moved, province, now), transfer: { ...transfer, status: 'accepted' } };
}

const StatusSchema = MembershipStatusSchema;

export const ECardSchema = z
  .strictObject({
    id: z.string(),
    status: StatusSchema,
    orgId: z.string(),
    orgName: z.string().nullable(),
    memberNo: z.string().nullable(),
    since: z.string().nullable(),
    name: z.string().nullable().describe('masked, e.g. 张*'),
    mobile: z.string().nullable().describe('masked, e.g. 138****0000'),
    idNumber: z.string().nullable().describe('masked, e.g. 3502**********1234'),
  })
  .meta({ id: 'MemberCard' });

export const MembershipListItemSchema = z
  .strictObject({
    id: z.string(),
    status: StatusSchema,
    orgId: z.string(),
    occupation: OccupationSchema,
    platforms: z.array(z.string()),
    memberNo: z.string().nullable(),
    name: z.string().nullable(),
    mobile: z.string().nullable(),
    createdAt: z.string(),
    since: z.string().nullable(),
  })
  .meta({ id: 'MembershipListItem' });

export const MembershipStatusViewSchema = z
  .strictObject({ id: z.string(), status: StatusSchema, orgId: z.string(), memberNo: z.string().optional() })
  .meta({ id: 'MembershipStatus' });

export const TransferRequestedSchema = z.strictObject({ transferId: z.string(), status: z.literal('pending') }).meta({ id: 'TransferRequested' });
export const TransferAcceptedSchema = MembershipStatusViewSchema.extend({ transferId: z.string(), transferStatus: z.literal('accepted') }).meta({ id: 'TransferAccepted' });
/** The answer to leaving and to erasure. */
export const ClosedSchema = z.strictObject({ status: z.enum(['left', 'erased']) }).meta({ id: 'MembershipClosed' });

/** The e-card (`GET /v1/memberships/me`): personal fields masked. */
export const eCardView = (membership: Membership, org: OrgRef | undefined): z.infer<typeof ECardSchema> => ({
  id: membership.id,
  status: membership.status,
  orgId: membership.orgId,
  orgName: org?.name ?? null,
  memberNo: membership.memberNo ?? null,
  since: membership.since ?? null,
  name: membership.masked?.name ?? null,
  mobile: membership.masked?.mobile ?? null,
  idNumber: membership.masked?.idNumber ?? null,
});

/** A row of the staff list: masked, never the ID number. */
export const listItemView = (membership: Membership): z.infer<typeof MembershipListItemSchema> => ({
  id: membership.id,
  status: membership.status,
  orgId: membership.orgId,
  occupation: membership.occupation,
  platforms: membership.platforms,
  memberNo: membership.memberNo ?? null,
  name: membership.masked?.name ?? null,
  mobile: membership.masked?.mobile ?? null,
  createdAt: membership.createdAt,
  since: membership.since ?? null,
});

/** The answer to a join, approval or rejection. */
export const statusView = (membership: Membership): z.infer<typeof MembershipStatusViewSchema> => ({
  id: membership.id,
  status: membership.status,
  orgId: membership.orgId,
  ...(membership.memberNo ? { memberNo: membership.memberNo } : {}),
});
