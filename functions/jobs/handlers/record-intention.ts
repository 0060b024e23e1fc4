import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { recordIntention } from '../use-cases/fairs.js';
import { FairIntentionSchema } from '../views.js';

export const options = {
  summary: 'At a fair you checked in to, tell a booth you want one of its jobs (once per job)',
  responses: { 201: FairIntentionSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
  body: z.strictObject({ jobId: z.string().min(1) }),
  idempotent: true,
};

const ports = jobPorts();

export const recordIntentionHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const { intentionId } = await recordIntention(params.fairId, body.jobId, caller.principalId, ports);
  return created({ intentionId, fairId: params.fairId, jobId: body.jobId });
};

export const handler = http(recordIntentionHandler, options);
