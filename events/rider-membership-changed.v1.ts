import { z } from 'zod';
import { defineEvent } from './envelope.js';

/**
 * Whether a partner's rider is on its active roster and is an active union member, as the
 * membership service (where rosters and memberships meet) last saw it. Carries the whole
 * state and a version that only grows, so consumers keep the newest and ignore the rest.
 * No personal data, not even the blind index.
 */
export const RiderMembershipChangedV1Schema = z.object({
  partnerId: z.string(),
  riderId: z.string(),
  regionCode: z.string(),
  rostered: z.boolean(),
  isMember: z.boolean(),
  /**
   * Whether the member agreed to let partner platforms see their membership. Partners see
   * `isMember` only when it is true; the union's own coverage counts ignore it. Absent in
   * events published before consent existed, which read as not shared.
   */
  sharedWithPlatforms: z.boolean().optional(),
  version: z.number().int().positive(),
});

export type RiderMembershipChangedV1Data = z.infer<typeof RiderMembershipChangedV1Schema>;

export const RiderMembershipChangedV1 = defineEvent('RiderMembershipChanged', 1, RiderMembershipChangedV1Schema);
