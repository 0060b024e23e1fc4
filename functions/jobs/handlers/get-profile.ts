import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { ProfileViewSchema, profileView } from '../views.js';
import { myProfile } from '../use-cases/queries.js';

export const options = {
  summary: 'Your job-seeker profile',
  responses: { 200: ProfileViewSchema },
};

const ports = jobPorts();

export const getProfileHandler = async ({ caller }: HttpRequest<typeof options>) => {
  return ok(profileView(await myProfile(caller.principalId, ports)));
};

export const handler = http(getProfileHandler, options);
