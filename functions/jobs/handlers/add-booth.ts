import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { addBooth } from '../use-cases/fairs.js';
import { BoothViewSchema, boothView } from '../views.js';

export const options = {
  summary: 'Show your open jobs at your booth of a fair; a job is counted once',
  responses: { 201: BoothViewSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
  body: z.strictObject({ jobIds: z.array(z.string().min(1)).min(1).max(20) }),
  idempotent: true,
};

const ports = jobPorts();

export const addBoothHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  created(boothView(params.fairId, await addBooth(params.fairId, body.jobIds, callerAs(caller, 'employer'), ports)));

export const handler = http(addBoothHandler, options);
