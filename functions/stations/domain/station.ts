import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { StationRegisteredV1, type StationRegisteredV1Data } from '../../../events/station-registered.v1.js';
import { InvalidInputError } from '../../../shared/errors.js';
import type { OrgTreeNode } from '../../../shared/projections/org-tree.js';
import { isWithinRegion } from '../../../shared/region.js';
import { nameSchema } from '../../../shared/text.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { DaysSchema, HhmmSchema, inShanghai, MINUTES_PER_DAY, spanOf } from '../../../shared/wall-clock.js';

export const StationKindSchema = z.enum(['union_station', 'outdoor_worker_station', 'courier_hut', 'partner_site']);
export const AmenitySchema = z.enum(['water', 'charging', 'microwave', 'air_conditioning', 'toilet', 'wifi', 'medicine', 'rest', 'reading']);
export type Amenity = z.infer<typeof AmenitySchema>;

/** Open around the clock, or on some days from `start` to `end` (an end not after the start is the next morning). */
export const HoursSchema = z.union([
  z.strictObject({ always: z.literal(true) }),
  z.strictObject({ days: DaysSchema, start: HhmmSchema, end: HhmmSchema.meta({ description: 'An end not after the start is the next morning; equal to it, the whole day' }) }),
]);
export type Hours = z.infer<typeof HoursSchema>;

/** WGS-84 degrees, within China's bounding box (a station is somewhere a worker can walk to). */
export const LocationSchema = z.strictObject({ lat: z.number().min(3).max(54), lng: z.number().min(73).max(136) });
export type Location = z.infer<typeof LocationSchema>;

export const StationInputSchema = z.strictObject({
  orgId: z.string().min(1).max(64),
  name: nameSchema({ min: 1, max: 64 }),
  kind: StationKindSchema,
  regionCode: RegionCodeSchema,
  address: z.string().trim().min(1).max(200),
  location: LocationSchema,
  amenities: z.array(AmenitySchema).max(AmenitySchema.options.length).refine((list) => new Set(list).size === list.length, 'must not repeat an amenity'),
  hours: HoursSchema,
});
export type StationInput = z.infer<typeof StationInputSchema>;

export interface Station extends StationInput {
  id: string;
  /** Ids from the root down to the owning org's parent: staff above the org manage it too. */
  ancestors: string[];
  createdAt: string;
}

/** What the visits of a station add up to. */
export interface StationCounts {
  visits: number;
  uniqueVisitors: number;
  ratingSum: number;
  ratingCount: number;
}

/** A registered station for `org` and its event; its region must lie within the org's. */
export function planStation(input: StationInput, org: OrgTreeNode, context: { id: string; now: Date; province: string }): { station: Station; event: Envelope<StationRegisteredV1Data> } {
  if (!isWithinRegion(input.regionCode, org.regionCode)) throw InvalidInputError.field('body.regionCode', `is outside the org's region ${org.regionCode}`);
  const station: Station = { ...input, id: context.id, orgId: org.id, ancestors: [...org.ancestors], createdAt: context.now.toISOString() };
  const event = envelope(StationRegisteredV1, { stationId: station.id, orgId: station.orgId, ancestors: station.ancestors, regionCode: station.regionCode, kind: station.kind }, context);
  return { station, event };
}

/** Whether a station with these hours is open at an instant (wall clock of Asia/Shanghai). */
export function isOpenAt(hours: Hours, at: Date): boolean {
  if ('always' in hours) return true;
  const local = inShanghai(at);
  const day = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const span = spanOf(hours.start, hours.end);
  if (hours.days.includes(day) && minute >= span.start && minute < span.end) return true;
  // Still inside the window that opened yesterday evening.
  const yesterday = day === 1 ? 7 : day - 1;
  return hours.days.includes(yesterday) && minute + MINUTES_PER_DAY < span.end;
}

/** The average rating to one decimal, or null before any. */
export const averageRating = (counts: Pick<StationCounts, 'ratingSum' | 'ratingCount'>): number | null =>
  counts.ratingCount === 0 ? null : Math.round((counts.ratingSum / counts.ratingCount) * 10) / 10;
