import { z } from 'zod';
import { MembershipStatusSchema } from '../../../events/membership-status-changed.v1.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { membershipRepository } from '../dependencies.js';
import { MembershipListItemSchema, listItemView, MembershipNotFoundError } from '../domain/membership.js';
import { pageOf } from '../../../shared/http/schemas.js';

export const options = {
  summary: 'An org\'s memberships, masked',
  responses: { 200: pageOf(MembershipListItemSchema, 'MembershipPage') },
  params: z.strictObject({ orgId: z.string().min(1) }),
  query: PageQuerySchema.extend({ status: MembershipStatusSchema.optional() }),
};

const memberships = membershipRepository();

/** An org's memberships for its staff (or staff above it), masked, oldest first per status. */
export const listOrgMembershipsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const org = orgInScope(caller, await memberships.getOrg(params.orgId), () => new MembershipNotFoundError('org'));
  const page = await memberships.listByOrg(org.id, query);
  return ok({ items: page.items.map(listItemView), nextCursor: page.nextCursor });
};

export const handler = http(listOrgMembershipsHandler, options);
