import { z } from 'zod';
import { MembershipStatusSchema } from '../../../events/membership-status-changed.v1.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { membershipPorts } from '../dependencies.js';
import { listOrgMemberships } from '../use-cases/queries.js';
import { MembershipListItemSchema, listItemView } from '../views.js';

export const options = {
  summary: 'An org\'s memberships, masked',
  responses: { 200: pageOf(MembershipListItemSchema, 'MembershipPage') },
  params: z.strictObject({ orgId: z.string().min(1) }),
  query: PageQuerySchema.extend({ status: MembershipStatusSchema.optional() }),
};

const ports = membershipPorts();

/** An org's memberships for its staff (or staff above it), masked, oldest first per status. */
export const listOrgMembershipsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const page = await listOrgMemberships({ orgId: params.orgId, ...query }, caller, ports);
  return ok({ items: page.items.map(listItemView), nextCursor: page.nextCursor });
};

export const handler = http(listOrgMembershipsHandler, options);
