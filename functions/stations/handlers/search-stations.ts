import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema, RegionCodeSchema } from '../../../shared/validation.js';
import { stationPorts } from '../dependencies.js';
import { MAX_RADIUS_M } from '../domain/geo.js';
import { AmenitySchema, LocationSchema } from '../domain/station.js';
import { searchStations } from '../use-cases/stations.js';
import { StationPageSchema, stationView } from '../views.js';

const NearSchema = z
  .string()
  .regex(/^-?\d{1,3}(\.\d{1,8})?,-?\d{1,3}(\.\d{1,8})?$/, 'must be lat,lng in degrees, e.g. 24.4798,118.0894')
  .transform((text) => {
    const [lat, lng] = text.split(',').map(Number);
    return { lat: lat!, lng: lng! };
  })
  .pipe(LocationSchema);

export const options = {
  summary: 'Service stations: of a region (default the province), or nearest first within a radius; with an amenity, open at an instant',
  responses: { 200: StationPageSchema },
  query: PageQuerySchema.extend({
    regionCode: RegionCodeSchema.optional().describe('a province, city or district code: stations within it'),
    amenity: AmenitySchema.optional(),
    openAt: z.iso.datetime({ offset: true }).optional().describe('only stations open at this instant'),
    near: NearSchema.optional().describe('lat,lng: nearest first, each with distanceM'),
    radiusM: z.coerce.number().int().min(1).max(MAX_RADIUS_M).optional().describe('with near: how far, in metres (default 3,000)'),
  }),
};

const ports = stationPorts();

export const searchStationsHandler = async ({ query: { limit, cursor, openAt, ...search } }: HttpRequest<typeof options>) => {
  const page = await searchStations({ ...search, ...(openAt ? { openAt: new Date(openAt) } : {}) }, { limit, ...(cursor ? { cursor } : {}) }, ports);
  return ok({ items: page.items.map(stationView), nextCursor: page.nextCursor });
};

export const handler = http(searchStationsHandler, options);
