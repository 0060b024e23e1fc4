import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { jobPorts } from '../dependencies.js';
import { HhmmSchema } from '../../../shared/wall-clock.js';
import { TradeSchema } from '../domain/job.js';
import { windowOf } from '../domain/search.js';
import { searchJobs } from '../use-cases/search-jobs.js';
import { JobPageSchema, jobView } from '../views.js';

export const options = {
  summary: 'Search open postings by trade, region prefix, hourly pay, weekday and a time window; newest first',
  responses: { 200: JobPageSchema },
  query: PageQuerySchema.extend({
    trade: TradeSchema.optional(),
    regionCode: z.string().regex(/^[1-9]\d(\d\d){0,2}$/, 'must be 2, 4 or 6 digits of a GB/T 2260 code').optional(),
    payMinFen: z.coerce.number().int().min(0).max(10_000_000).optional().meta({ description: 'Per hour; piece rates never match' }),
    day: z.coerce.number().int().min(1).max(7).optional(),
    from: HhmmSchema.optional().meta({ description: 'With `to`: only shifts inside this window; `22:00`-`06:00` runs overnight' }),
    to: HhmmSchema.optional(),
  }).superRefine((query, ctx) => {
    if (query.from !== undefined && query.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is needed with from' });
    if (query.to !== undefined && query.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is needed with to' });
  }),
};

const ports = jobPorts();

export const searchJobsHandler = async ({ query }: HttpRequest<typeof options>) => {
  const { limit, cursor, from, to, ...filters } = query;
  const page = await searchJobs({ ...filters, window: from && to ? windowOf(from, to) : undefined }, { limit, cursor }, ports);
  const now = ports.clock.now();
  return ok({ items: page.items.map((job) => jobView(job, now)), nextCursor: page.nextCursor });
};

export const handler = http(searchJobsHandler, options);
