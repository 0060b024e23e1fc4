import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { jobPortsWithVault } from '../dependencies.js';
import { InterestInputSchema } from '../domain/interest.js';
import { expressInterest } from '../use-cases/interests.js';
import { InterestCreatedSchema } from '../views.js';

export const options = {
  summary: 'Tell a job\'s employer you are interested, sharing a mobile for this job only; once per job',
  responses: { 201: InterestCreatedSchema },
  params: z.strictObject({ jobId: z.string().min(1) }),
  body: InterestInputSchema,
  idempotent: true,
};

const ports = jobPortsWithVault();

export const expressInterestHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => {
  const interest = await expressInterest(params.jobId, body, caller.principalId, ports);
  return created({ intentionId: interest.intentionId });
};

export const handler = http(expressInterestHandler, options);
