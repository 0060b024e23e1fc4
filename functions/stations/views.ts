import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import { StationInputSchema, type Station } from './domain/station.js';

export const StationSchema = StationInputSchema.extend({
  id: z.string(),
  createdAt: z.string(),
  distanceM: z.number().int().optional().meta({ description: 'Metres from `near`, when the search named a point' }),
}).meta({ id: 'Station' });

export const StationPageSchema = pageOf(StationSchema, 'StationPage');

export const stationView = (station: Station & { distanceM?: number }): z.infer<typeof StationSchema> => ({
  id: station.id,
  orgId: station.orgId,
  name: station.name,
  kind: station.kind,
  regionCode: station.regionCode,
  address: station.address,
  location: station.location,
  amenities: station.amenities,
  hours: station.hours,
  createdAt: station.createdAt,
  ...(station.distanceM === undefined ? {} : { distanceM: station.distanceM }),
});

export const VisitSchema = z.strictObject({ id: z.string(), stationId: z.string(), visitedAt: z.string(), rating: z.number().int().nullable() }).meta({ id: 'StationVisit' });

export const StationStatsSchema = z
  .strictObject({ visits: z.number().int(), uniqueVisitors: z.number().int(), rating: z.number().nullable().meta({ description: 'Average rating, one decimal; null before any' }) })
  .meta({ id: 'StationStats' });
