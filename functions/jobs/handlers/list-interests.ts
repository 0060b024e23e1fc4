import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { jobPortsWithVault } from '../dependencies.js';
import { listInterests } from '../use-cases/interests.js';
import { InterestViewSchema, interestView } from '../views.js';

export const options = {
  summary: 'Workers interested in your posting: mobiles masked until you accept',
  responses: { 200: pageOf(InterestViewSchema, 'InterestPage') },
  params: z.strictObject({ jobId: z.string().min(1) }),
  query: PageQuerySchema,
};

const ports = jobPortsWithVault();

export const listInterestsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const page = await listInterests(params.jobId, callerAs(caller, 'employer'), query, ports);
  return ok({ items: page.items.map(({ interest, mobile }) => interestView(interest, mobile)), nextCursor: page.nextCursor });
};

export const handler = http(listInterestsHandler, options);
