import { z } from 'zod';
import { joinLinkBaseUrl } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { createCheckinLink } from '../use-cases/fairs.js';
import { CheckinLinkSchema } from '../views.js';

export const options = {
  summary: 'A check-in code and URL for the QR code at a fair\'s entrance, valid until the fair ends',
  responses: { 201: CheckinLinkSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
  idempotent: true,
};

const ports = jobPorts();

export const createCheckinLinkHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  created(await createCheckinLink(params.fairId, caller, joinLinkBaseUrl(), ports));

export const handler = http(createCheckinLinkHandler, options);
