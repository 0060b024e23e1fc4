import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { joinLinkPorts } from '../dependencies.js';
import { createJoinLink } from '../use-cases/join-links.js';
import { JoinLinkSchema, joinLinkView } from '../views.js';

export const options = {
  summary: 'Sign an expiring join link (扫码入会) for an org, optionally for one station',
  responses: { 201: JoinLinkSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
  body: z
    .strictObject({
      expiresInDays: z.number().int().min(1).max(365).default(30),
      station: z.string().min(1).max(64).optional(),
      campaign: z.string().min(1).max(64).optional(),
    })
    .default({ expiresInDays: 30 }),
  idempotent: true,
};

const ports = joinLinkPorts();

export const createJoinLinkHandler = async ({ params, body, caller }: HttpRequest<typeof options>) =>
  created(joinLinkView(await createJoinLink(params.orgId, body, caller, ports)));

export const handler = http(createJoinLinkHandler, options);
