import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { JobInputSchema } from '../domain/job.js';
import { postJob } from '../use-cases/post-job.js';
import { JobViewSchema, jobView } from '../views.js';

export const options = {
  summary: 'Post a job (零工): searchable at once, matched to seekers within seconds',
  responses: { 201: JobViewSchema },
  body: JobInputSchema,
  idempotent: true,
};

const ports = jobPorts();

export const createJobHandler = async ({ body, caller }: HttpRequest<typeof options>) =>
  created(jobView(await postJob(body, callerAs(caller, 'employer'), ports), ports.clock.now()));

export const handler = http(createJobHandler, options);
