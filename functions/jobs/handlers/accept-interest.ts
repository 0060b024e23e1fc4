import { z } from 'zod';
import { callerAs } from '../../../shared/auth/caller.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPortsWithVault } from '../dependencies.js';
import { acceptInterest } from '../use-cases/interests.js';
import { AcceptedInterestSchema, interestView } from '../views.js';

export const options = {
  summary: 'Accept an interest in your posting and see the contact the worker shared',
  responses: { 200: AcceptedInterestSchema },
  params: z.strictObject({ jobId: z.string().min(1), intentionId: z.string().min(1) }),
};

const ports = jobPortsWithVault();

export const acceptInterestHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const { interest, mobile } = await acceptInterest(params.jobId, params.intentionId, callerAs(caller, 'employer'), ports);
  return ok({ jobId: params.jobId, ...interestView(interest, mobile) });
};

export const handler = http(acceptInterestHandler, options);
