import { z } from 'zod';
import { defineEvent } from './envelope.js';
import { RiderMembershipChangedV1Schema, type RiderMembershipChangedV1Data } from './rider-membership-changed.v1.js';

/**
 * Whether partners' riders are on their active rosters and are active union members, each as v1
 * said it of one rider, for the riders one write of the membership service touched (the rows of
 * one roster announcement, or every row of a person whose membership changed). Each rider keeps
 * its own version. Published by the membership service; consumers read v1 too.
 */
export const RiderMembershipChangedV2Schema = z.object({
  riders: z.array(RiderMembershipChangedV1Schema).min(1).max(100),
});

export type RiderMembershipChangedV2Data = z.infer<typeof RiderMembershipChangedV2Schema>;

export const RiderMembershipChangedV2 = defineEvent('RiderMembershipChanged', 2, RiderMembershipChangedV2Schema);

/** The riders an announcement of either version carries. */
export const ridersCovered = (data: RiderMembershipChangedV1Data | RiderMembershipChangedV2Data): RiderMembershipChangedV1Data[] => ('riders' in data ? data.riders : [data]);
