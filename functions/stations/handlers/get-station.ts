import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { stationPorts } from '../dependencies.js';
import { getStation } from '../use-cases/stations.js';
import { StationSchema, stationView } from '../views.js';

export const options = {
  summary: 'A service station',
  responses: { 200: StationSchema },
  params: z.strictObject({ stationId: z.string().min(1) }),
};

const ports = stationPorts();

export const getStationHandler = async ({ params }: HttpRequest<typeof options>) => ok(stationView(await getStation(params.stationId, ports)));

export const handler = http(getStationHandler, options);
