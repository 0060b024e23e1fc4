import { z } from 'zod';
import { MembershipStatusSchema } from '../../events/membership-status-changed.v1.js';
import { OccupationSchema } from '../../shared/occupations.js';
import type { Consent, Membership } from './domain/membership.js';
import type { Invitation } from './use-cases/invitations.js';

export const ECardSchema = z
  .strictObject({
    id: z.string(),
    status: MembershipStatusSchema,
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
    status: MembershipStatusSchema,
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
  .strictObject({ id: z.string(), status: MembershipStatusSchema, orgId: z.string(), memberNo: z.string().optional() })
  .meta({ id: 'MembershipStatus' });

export const TransferRequestedSchema = z.strictObject({ transferId: z.string(), status: z.literal('pending') }).meta({ id: 'TransferRequested' });
export const TransferAcceptedSchema = MembershipStatusViewSchema.extend({ transferId: z.string(), transferStatus: z.literal('accepted') }).meta({ id: 'TransferAccepted' });

/** The answer to leaving and to erasure. */
export const ClosedSchema = z.strictObject({ status: z.enum(['left', 'erased']) }).meta({ id: 'MembershipClosed' });

export const MobileVerificationSchema = z.strictObject({ verificationId: z.string(), expiresAt: z.string() }).meta({ id: 'MobileVerification' });

export const ConsentViewSchema = z
  .strictObject({ version: z.string(), acceptedAt: z.string(), shareWithPlatforms: z.boolean(), sharingChangedAt: z.string().nullable() })
  .meta({ id: 'MembershipConsent' });

/** The e-card (`GET /v1/memberships/me`): personal fields masked. */
export const eCardView = (membership: Membership, orgName: string | null): z.infer<typeof ECardSchema> => ({
  id: membership.id,
  status: membership.status,
  orgId: membership.orgId,
  orgName,
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

export const consentView = (consent: Consent): z.infer<typeof ConsentViewSchema> => ({
  version: consent.version,
  acceptedAt: consent.acceptedAt,
  shareWithPlatforms: consent.shareWithPlatforms,
  sharingChangedAt: consent.sharingChangedAt ?? null,
});

export const InvitationSchema = z
  .strictObject({
    regionCode: z.string().describe('the district the station is in'),
    station: z.string().nullable().describe('null: riders whose roster names no station'),
    joinUrl: z.string().describe("the org's join link for this station, the same all day; revocable like any join link"),
    riders: z.array(
      z.strictObject({
        riderId: z.string(),
        name: z.string().nullable().describe('masked, e.g. 张*; null for riders rostered before masks were kept'),
        mobile: z.string().nullable().describe('masked, e.g. 138****0000'),
        platform: z.string(),
      }),
    ),
  })
  .meta({ id: 'Invitation' });

export const invitationView = (invitation: Invitation): z.infer<typeof InvitationSchema> => ({
  regionCode: invitation.regionCode,
  station: invitation.station,
  joinUrl: invitation.joinUrl,
  riders: invitation.rows.map((row) => ({ riderId: row.riderId, name: row.maskedName ?? null, mobile: row.maskedMobile ?? null, platform: row.platform })),
});
