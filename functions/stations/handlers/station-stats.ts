import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { stationPorts } from '../dependencies.js';
import { stationStats } from '../use-cases/stations.js';
import { StationStatsSchema } from '../views.js';

export const options = {
  summary: 'A station\'s visits, unique visitors and average rating (staff of its org or above)',
  responses: { 200: StationStatsSchema },
  params: z.strictObject({ stationId: z.string().min(1) }),
};

const ports = stationPorts();

export const stationStatsHandler = async ({ params, caller }: HttpRequest<typeof options>) => ok(await stationStats(params.stationId, caller, ports));

export const handler = http(stationStatsHandler, options);
