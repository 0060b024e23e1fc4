import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { accepted } from '../../../shared/http/responses.js';
import { membershipPorts } from '../dependencies.js';
import { eraseForMember } from '../use-cases/erase.js';
import { ClosedSchema } from '../views.js';

export const options = {
  summary: 'Carry out an erasure a member asked for in person (staff of the org or above)',
  responses: { 202: ClosedSchema },
  params: z.strictObject({ membershipId: z.string().min(1) }),
};

const ports = membershipPorts();

export const eraseForMemberHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  accepted({ status: (await eraseForMember(params.membershipId, caller, ports)).status });

export const handler = http(eraseForMemberHandler, options);
