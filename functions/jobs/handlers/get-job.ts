import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { JobViewSchema, jobView } from '../views.js';
import { getJob } from '../use-cases/queries.js';

export const options = {
  summary: 'A posting, open, closed or expired',
  responses: { 200: JobViewSchema },
  params: z.strictObject({ jobId: z.string().min(1) }),
};

const ports = jobPorts();

export const getJobHandler = async ({ params }: HttpRequest<typeof options>) => {
  return ok(jobView(await getJob(params.jobId, ports), ports.clock.now()));
};

export const handler = http(getJobHandler, options);
