import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { stationPorts } from '../dependencies.js';
import { StationInputSchema } from '../domain/station.js';
import { createStation } from '../use-cases/stations.js';
import { StationSchema, stationView } from '../views.js';

export const options = {
  summary: 'Register a service station (驿站) of an org in your subtree',
  responses: { 201: StationSchema },
  body: StationInputSchema,
  idempotent: true,
};

const ports = stationPorts();

export const createStationHandler = async ({ body, caller }: HttpRequest<typeof options>) => created(stationView(await createStation(body, caller, ports)));

export const handler = http(createStationHandler, options);
