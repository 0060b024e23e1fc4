import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { orgRepository } from '../dependencies.js';
import { visibleOrg } from '../domain/org.js';
import { OrgViewSchema, orgView } from '../views.js';

export const options = {
  summary: 'An org in the caller\'s subtree',
  responses: { 200: OrgViewSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
};

const orgs = orgRepository();

export const getOrgHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(orgView(visibleOrg(caller, await orgs.get(params.orgId), params.orgId)));

export const handler = http(getOrgHandler, options);
