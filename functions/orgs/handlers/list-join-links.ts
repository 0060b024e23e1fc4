import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { orgPorts } from '../dependencies.js';
import { listJoinLinks } from '../use-cases/join-links.js';
import { JoinLinkListItemSchema, joinLinkListItemView } from '../views.js';

export const options = {
  summary: 'An org\'s live join links (neither expired nor revoked)',
  responses: { 200: pageOf(JoinLinkListItemSchema, 'JoinLinkPage') },
  params: z.strictObject({ orgId: z.string().min(1) }),
};

const ports = orgPorts();

// A handful of links per org (one per station): one page, so `nextCursor` is always null.
export const listJoinLinksHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok({ items: (await listJoinLinks(params.orgId, caller, ports)).map(joinLinkListItemView), nextCursor: null });

export const handler = http(listJoinLinksHandler, options);
