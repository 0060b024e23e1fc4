import { z } from 'zod';
import { defineEvent } from './envelope.js';
import { RiderStatusChangedV1Schema, type RiderStatusChangedV1Data } from './rider-status-changed.v1.js';

/**
 * One rider of a v2 announcement: what v1 said of one rider, and the rider's name and mobile
 * masked (张*, 138****0001) for the union staff who invite riders to join; absent for riders
 * stored before masks were kept. Never the name or mobile themselves.
 */
export const AnnouncedRiderSchema = RiderStatusChangedV1Schema.extend({
  maskedName: z.string().optional(),
  maskedMobile: z.string().optional(),
});

export type AnnouncedRider = z.infer<typeof AnnouncedRiderSchema>;

/**
 * The riders of a partner platform that one write of a roster step created, changed or departed.
 * One event per transaction instead of one per rider: a roster of 100,000 riders is about a
 * thousand events, not 100,000, for the relay and every consumer. Published by the rosters
 * service; consumers read v1 too (events published before v2).
 */
export const RiderStatusChangedV2Schema = z.object({
  riders: z.array(AnnouncedRiderSchema).min(1).max(100),
});

export type RiderStatusChangedV2Data = z.infer<typeof RiderStatusChangedV2Schema>;

export const RiderStatusChangedV2 = defineEvent('RiderStatusChanged', 2, RiderStatusChangedV2Schema);

/** The riders an announcement of either version carries. */
export const ridersAnnounced = (data: RiderStatusChangedV1Data | RiderStatusChangedV2Data): AnnouncedRider[] => ('riders' in data ? data.riders : [data]);
