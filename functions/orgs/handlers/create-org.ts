import { z } from 'zod';
import { provinceCode } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { newId } from '../../../shared/ids.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { orgRepository } from '../dependencies.js';
import { OrgViewSchema, OrgKindSchema, orgView, planOrg } from '../domain/org.js';

export const options = {
  summary: 'Create an org under a parent in the caller\'s subtree',
  responses: { 201: OrgViewSchema },
  body: z.strictObject({
    name: z.string().trim().min(2).max(60),
    kind: OrgKindSchema,
    parentId: z.string().min(1).nullable(),
    regionCode: RegionCodeSchema,
  }),
  idempotent: true,
};

const orgs = orgRepository();

export const createOrgHandler = async ({ body, caller }: HttpRequest<typeof options>) => {
  const parent = body.parentId === null ? undefined : await orgs.get(body.parentId);
  const { org, event } = planOrg(body, parent, { caller, province: provinceCode(), id: newId('org'), now: new Date() });
  await orgs.create(org, event);
  return created(orgView(org));
};

export const handler = http(createOrgHandler, options);
