import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { SeekerInputSchema } from '../domain/seeker.js';
import { putProfile } from '../use-cases/put-profile.js';
import { ProfileViewSchema, profileView } from '../views.js';

export const options = {
  summary: 'Write your job-seeker profile; only you see it, employers see matches under a pseudonym',
  responses: { 200: ProfileViewSchema },
  body: SeekerInputSchema,
};

const ports = jobPorts();

export const putProfileHandler = async ({ body, caller }: HttpRequest<typeof options>) =>
  ok(profileView(await putProfile(body, caller.principalId, ports)));

export const handler = http(putProfileHandler, options);
