import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { jobPorts } from '../dependencies.js';
import { listJobMatches } from '../use-cases/list-matches.js';
import { JobMatchSchema, jobMatchView } from '../views.js';

export const options = {
  summary: 'Seekers matched to your posting, best first, under pseudonyms',
  responses: { 200: pageOf(JobMatchSchema, 'JobMatchPage') },
  params: z.strictObject({ jobId: z.string().min(1) }),
  query: PageQuerySchema,
};

const ports = jobPorts();

export const listJobMatchesHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const page = await listJobMatches(params.jobId, callerAs(caller, 'employer').accountId, query, ports);
  return ok({ items: page.items.map(jobMatchView), nextCursor: page.nextCursor });
};

export const handler = http(listJobMatchesHandler, options);
