import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { jobPorts } from '../dependencies.js';
import { FairViewSchema, fairView } from '../views.js';
import { listFairs } from '../use-cases/queries.js';

export const options = {
  summary: 'Fairs starting from a time (default: the last 24 hours on), soonest first; of one org, or the province\'s',
  responses: { 200: pageOf(FairViewSchema, 'FairPage') },
  query: PageQuerySchema.extend({ orgId: z.string().min(1).optional(), from: z.iso.datetime().optional() }),
};

const ports = jobPorts();

export const listFairsHandler = async ({ query }: HttpRequest<typeof options>) => {
  const page = await listFairs(query, ports);
  return ok({ items: page.items.map(fairView), nextCursor: page.nextCursor });
};

export const handler = http(listFairsHandler, options);
