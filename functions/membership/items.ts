import { z } from 'zod';
import { MembershipStatusSchema } from '../../events/membership-status-changed.v1.js';
import { OccupationSchema } from '../../shared/occupations.js';
import { isToInvite, type RosteredRow } from './domain/coverage.js';
import type { Membership, SealedPerson, Transfer } from './domain/membership.js';
import type { ResendGuard, Verification } from './domain/verification.js';
import { invitationArea, invitationKey, membershipKey, orgListKey, rosteredKey, transferKey, verificationKey } from './keys.js';

/**
 * Item ↔ domain mapping of the memberships table: one schema and one pair of functions per
 * entity. Items are parsed, not cast, so an item of an older shape is read with its defaults
 * (e.g. consent without `shareWithPlatforms` reads as not shared) or refused loudly.
 */

const OrgRefSchema = z.object({ id: z.string(), name: z.string(), ancestors: z.array(z.string()) });

const MembershipItemSchema = z.object({
  id: z.string(),
  workerId: z.string().optional(),
  orgId: z.string(),
  orgName: z.string().optional(),
  ancestors: z.array(z.string()),
  status: MembershipStatusSchema,
  occupation: OccupationSchema,
  platforms: z.array(z.string()),
  regionCode: z.string(),
  joinSource: z.string(),
  consent: z
    .object({ version: z.string(), acceptedAt: z.string(), shareWithPlatforms: z.boolean().default(false), sharingChangedAt: z.string().optional() })
    .optional(),
  memberNo: z.string().optional(),
  since: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  masked: z.object({ name: z.string(), mobile: z.string(), idNumber: z.string() }).optional(),
  rejectionReason: z.string().optional(),
  pendingTransferId: z.string().optional(),
  history: z.array(z.object({ orgId: z.string(), until: z.string(), transferId: z.string() })).default([]),
  version: z.number().int(),
  sealed: z.object({ blindIndex: z.string(), ciphertext: z.string() }).optional(),
  /** Outbox events published about this membership that name the worker: erasure deletes them. */
  eventIds: z.array(z.string()).default([]),
});

/** A membership as stored: the domain object, the sealed person (until erasure) and its events. */
export interface MembershipRecord {
  membership: Membership;
  person?: SealedPerson;
  eventIds: string[];
}

export function toMembershipItem(record: MembershipRecord): Record<string, unknown> {
  const { membership, person, eventIds } = record;
  return {
    ...membershipKey(membership.id),
    ...membership,
    orgListKey: orgListKey(membership.status, membership.createdAt, membership.id),
    ...(person ? { sealed: person } : {}),
    eventIds,
  };
}

export function fromMembershipItem(item: Record<string, unknown>): MembershipRecord {
  const { sealed, eventIds, ...membership } = MembershipItemSchema.parse(item);
  return { membership, ...(sealed ? { person: sealed } : {}), eventIds };
}

const TransferItemSchema = z.object({
  id: z.string(),
  membershipId: z.string(),
  fromOrgId: z.string(),
  to: OrgRefSchema,
  status: z.enum(['pending', 'accepted']),
  createdAt: z.string(),
});

export const toTransferItem = (transfer: Transfer): Record<string, unknown> => ({ ...transferKey(transfer.id), ...transfer });
export const fromTransferItem = (item: Record<string, unknown>): Transfer => TransferItemSchema.parse(item);

const RosteredRowItemSchema = z.object({
  personIndex: z.string(),
  contactIndex: z.string().optional(),
  partnerId: z.string(),
  riderId: z.string(),
  platform: z.string(),
  status: z.enum(['active', 'departed']),
  regionCode: z.string(),
  station: z.string().nullable().optional(),
  maskedName: z.string().optional(),
  maskedMobile: z.string().optional(),
  isMember: z.boolean().optional(),
  occurredAt: z.string(),
  coverageVersion: z.number(),
});

/** A row to invite carries the invitations index's keys; any other row leaves the index. */
export const toRosteredItem = (row: RosteredRow): Record<string, unknown> => ({
  ...rosteredKey(row.personIndex, row.partnerId, row.riderId),
  ...row,
  ...(isToInvite(row) ? { inviteArea: invitationArea(row.regionCode), inviteKey: invitationKey(row) } : {}),
});
export const fromRosteredItem = (item: Record<string, unknown>): RosteredRow => RosteredRowItemSchema.parse(item);

const VerificationItemSchema = z.object({
  id: z.string(),
  ownerIndex: z.string(),
  mobileIndex: z.string(),
  codeHash: z.string(),
  tries: z.number().int(),
  validUntil: z.string(),
  usedAt: z.string().optional(),
  createdAt: z.string(),
});

/** TTL removes a verification a day after it stopped being usable. */
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const DAY_SECONDS = 86_400;

export const toVerificationItem = (verification: Verification): Record<string, unknown> => ({
  ...verificationKey(verification.id),
  ...verification,
  expiresAt: epochSeconds(verification.validUntil) + DAY_SECONDS,
});
export const fromVerificationItem = (item: Record<string, unknown>): Verification => VerificationItemSchema.parse(item);

const ResendGuardItemSchema = z.object({ index: z.string(), nextAt: z.string() });
export const fromResendGuardItem = (item: Record<string, unknown>): ResendGuard => ResendGuardItemSchema.parse(item);
export const resendGuardExpiry = (guard: ResendGuard): number => epochSeconds(guard.nextAt) + DAY_SECONDS;

const ProbeCounterItemSchema = z.object({ failures: z.number().int().default(0) });
export const failuresOf = (item: Record<string, unknown> | undefined): number => (item ? ProbeCounterItemSchema.parse(item).failures : 0);
