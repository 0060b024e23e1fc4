import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { nameSchema } from '../../../shared/text.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { orgPorts } from '../dependencies.js';
import { OrgKindSchema } from '../domain/org.js';
import { createOrg } from '../use-cases/create-org.js';
import { OrgViewSchema, orgView } from '../views.js';

export const options = {
  summary: 'Create an org under a parent in the caller\'s subtree',
  responses: { 201: OrgViewSchema },
  body: z.strictObject({
    name: nameSchema({ min: 2, max: 60 }),
    kind: OrgKindSchema,
    parentId: z.string().min(1).nullable(),
    regionCode: RegionCodeSchema,
  }),
  idempotent: true,
};

const ports = orgPorts();

export const createOrgHandler = async ({ body, caller }: HttpRequest<typeof options>) => created(orgView(await createOrg(body, caller, ports)));

export const handler = http(createOrgHandler, options);
