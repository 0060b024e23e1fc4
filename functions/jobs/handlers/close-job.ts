import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { changeJob } from '../use-cases/change-job.js';
import { JobStatusSchema } from '../views.js';

export const options = {
  summary: 'Close your posting: it leaves search at once',
  responses: { 200: JobStatusSchema },
  params: z.strictObject({ jobId: z.string().min(1) }),
};

const ports = jobPorts();

export const closeJobHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const job = await changeJob(params.jobId, { kind: 'close' }, callerAs(caller, 'employer').accountId, ports);
  return ok({ id: job.id, status: 'closed' });
};

export const handler = http(closeJobHandler, options);
