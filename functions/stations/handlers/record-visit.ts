import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { stationPorts } from '../dependencies.js';
import { recordVisit } from '../use-cases/stations.js';
import { VisitSchema } from '../views.js';

export const options = {
  summary: 'Record your visit to a station (once a day per station), with an optional rating',
  responses: { 201: VisitSchema },
  params: z.strictObject({ stationId: z.string().min(1) }),
  body: z.strictObject({ rating: z.number().int().min(1).max(5).optional(), comment: z.string().trim().min(1).max(200).optional() }),
};

const ports = stationPorts();

export const recordVisitHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  created(await recordVisit(params.stationId, callerAs(caller, 'worker').principalId, body ?? {}, ports));

export const handler = http(recordVisitHandler, options);
