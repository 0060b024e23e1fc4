import { z } from 'zod';
import { defineEvent } from './envelope.js';

export const MembershipStatusSchema = z.enum(['pending', 'active', 'rejected', 'left', 'erased']);
export type MembershipStatus = z.infer<typeof MembershipStatusSchema>;

/** Where a membership stood: its status and org (with the org's ancestors, for roll-ups). */
const PlacementSchema = z.object({
  status: MembershipStatusSchema,
  orgId: z.string(),
  ancestors: z.array(z.string()),
});

/**
 * A membership moved: joined (`from` null), approved, rejected, transferred, left or erased.
 * Carries no personal data, only what projections count by. Published by the membership service.
 */
export const MembershipStatusChangedV1Schema = z.object({
  membershipId: z.string(),
  /**
   * The worker account (the JWT `sub`), a pseudonymous id: services that serve members
   * (wishes, courses) key their read models by it. Optional only because events published
   * before it was added lack it; every event published now carries it.
   */
  workerId: z.string().optional(),
  occupation: z.string(),
  /**
   * The member's name masked (`张*`), for services that show whose a record is without the name
   * (help requests, certificates). Absent once erased and in events published before it was added.
   */
  maskedName: z.string().optional(),
  /** The member's GB/T 2260 region code (where they work), for region filters downstream. Absent in events published before it was added. */
  regionCode: z.string().optional(),
  platforms: z.array(z.string()),
  /** How the member joined: `org`, `station:<id>` or `campaign:<id>`. */
  joinSource: z.string(),
  from: PlacementSchema.nullable(),
  to: PlacementSchema,
});

export type MembershipStatusChangedV1Data = z.infer<typeof MembershipStatusChangedV1Schema>;

export const MembershipStatusChangedV1 = defineEvent('MembershipStatusChanged', 1, MembershipStatusChangedV1Schema);
