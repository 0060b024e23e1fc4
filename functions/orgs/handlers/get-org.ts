import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { orgPorts } from '../dependencies.js';
import { getOrg } from '../use-cases/read-orgs.js';
import { OrgViewSchema, orgView } from '../views.js';

export const options = {
  summary: 'An org in the caller\'s subtree',
  responses: { 200: OrgViewSchema },
  params: z.strictObject({ orgId: z.string().min(1) }),
};

const ports = orgPorts();

export const getOrgHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(orgView(await getOrg(params.orgId, caller, ports)));

export const handler = http(getOrgHandler, options);
