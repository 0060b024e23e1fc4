import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { orgRepository } from '../dependencies.js';
import { orgView, visibleOrg } from '../domain/org.js';

const options = { params: z.strictObject({ orgId: z.string().min(1) }) };

const orgs = orgRepository();

export const getOrgHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(orgView(visibleOrg(caller, await orgs.get(params.orgId), params.orgId)));

export const handler = http(getOrgHandler, options);
