import { NotFoundError } from '../../../shared/errors.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { ProfileViewSchema, profileView } from '../views.js';

export const options = {
  summary: 'Your job-seeker profile',
  responses: { 200: ProfileViewSchema },
};

const ports = jobPorts();

export const getProfileHandler = async ({ caller }: HttpRequest<typeof options>) => {
  const profile = await ports.seekers.getProfile(caller.principalId);
  if (!profile) throw new NotFoundError('You have no job-seeker profile yet; PUT one');
  return ok(profileView(profile));
};

export const handler = http(getProfileHandler, options);
