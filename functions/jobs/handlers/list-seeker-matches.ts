import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { jobPorts } from '../dependencies.js';
import { listSeekerMatches } from '../use-cases/list-matches.js';
import { SeekerMatchSchema, seekerMatchView } from '../views.js';

export const options = {
  summary: 'Open jobs matched to your profile, best first, with the reasons',
  responses: { 200: pageOf(SeekerMatchSchema, 'SeekerMatchPage') },
  query: PageQuerySchema,
};

const ports = jobPorts();

export const listSeekerMatchesHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const page = await listSeekerMatches(caller.principalId, query, ports);
  const now = ports.clock.now();
  return ok({ items: page.items.map((match) => seekerMatchView(match.job, match, now)), nextCursor: page.nextCursor });
};

export const handler = http(listSeekerMatchesHandler, options);
