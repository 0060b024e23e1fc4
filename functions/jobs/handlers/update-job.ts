import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { JobInputSchema } from '../domain/job.js';
import { changeJob } from '../use-cases/change-job.js';
import { JobViewSchema, jobView } from '../views.js';

export const options = {
  summary: 'Edit your posting (all its fields); its search entries and matches follow',
  responses: { 200: JobViewSchema },
  params: z.strictObject({ jobId: z.string().min(1) }),
  body: JobInputSchema,
};

const ports = jobPorts();

export const updateJobHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  ok(jobView(await changeJob(params.jobId, { kind: 'edit', input: body }, callerAs(caller, 'employer').accountId, ports), ports.clock.now()));

export const handler = http(updateJobHandler, options);
