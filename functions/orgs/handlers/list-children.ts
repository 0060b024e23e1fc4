import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { orgPorts } from '../dependencies.js';
import { listChildren } from '../use-cases/read-orgs.js';
import { OrgViewSchema, orgView } from '../views.js';
import { pageOf } from '../../../shared/http/schemas.js';

export const options = {
  summary: 'An org\'s direct children',
  responses: { 200: pageOf(OrgViewSchema, 'OrgPage') },
  params: z.strictObject({ orgId: z.string().min(1) }), query: PageQuerySchema,
};

const ports = orgPorts();

export const listChildrenHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const page = await listChildren(params.orgId, query, caller, ports);
  return ok({ items: page.items.map(orgView), nextCursor: page.nextCursor });
};

export const handler = http(listChildrenHandler, options);
