import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { mustExist } from '../domain/fair.js';
import { FairViewSchema, fairView } from '../views.js';

export const options = {
  summary: 'A fair',
  responses: { 200: FairViewSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
};

const ports = jobPorts();

export const getFairHandler = async ({ params }: HttpRequest<typeof options>) => ok(fairView(mustExist(await ports.fairs.get(params.fairId), params.fairId)));

export const handler = http(getFairHandler, options);
