import { z } from 'zod';
import { defineEvent } from './envelope.js';
import { RiderMembershipChangedV1Schema, type RiderMembershipChangedV1Data } from './rider-membership-changed.v1.js';

/**
 * One rider of a v2 announcement: what v1 said of one rider, and the station (驿站) the roster
 * places the rider at, for coverage per station; absent when the roster row named none, or in
 * announcements of rows stored before stations were kept.
 */
export const CoveredRiderSchema = RiderMembershipChangedV1Schema.extend({
  station: z.string().nullable().optional(),
});

export type CoveredRider = z.infer<typeof CoveredRiderSchema>;

/**
 * Whether partners' riders are on their active rosters and are active union members, each as v1
 * said it of one rider, for the riders one write of the membership service touched (the rows of
 * one roster announcement, or every row of a person whose membership changed). Each rider keeps
 * its own version. Published by the membership service; consumers read v1 too.
 */
export const RiderMembershipChangedV2Schema = z.object({
  riders: z.array(CoveredRiderSchema).min(1).max(100),
});

export type RiderMembershipChangedV2Data = z.infer<typeof RiderMembershipChangedV2Schema>;

export const RiderMembershipChangedV2 = defineEvent('RiderMembershipChanged', 2, RiderMembershipChangedV2Schema);

/** The riders an announcement of either version carries. */
export const ridersCovered = (data: RiderMembershipChangedV1Data | RiderMembershipChangedV2Data): CoveredRider[] => ('riders' in data ? data.riders : [data]);
