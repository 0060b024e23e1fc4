import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { FairInputSchema } from '../domain/fair.js';
import { createFair } from '../use-cases/fairs.js';
import { FairViewSchema, fairView } from '../views.js';

export const options = {
  summary: 'Schedule a job fair (招聘会) for an org in your subtree, on site or online',
  responses: { 201: FairViewSchema },
  body: FairInputSchema,
  idempotent: true,
};

const ports = jobPorts();

export const createFairHandler = async ({ body, caller }: HttpRequest<typeof options>) => created(fairView(await createFair(body, caller, ports)));

export const handler = http(createFairHandler, options);
