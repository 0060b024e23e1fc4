import { z } from 'zod';
import { joinLinkBaseUrl } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { nameSchema } from '../../../shared/text.js';
import { PageQuerySchema, RegionCodeSchema } from '../../../shared/validation.js';
import { membershipPorts } from '../dependencies.js';
import { listInvitations } from '../use-cases/invitations.js';
import { InvitationSchema, invitationView } from '../views.js';

export const options = {
  summary: 'Riders to invite: active on partners\' rosters in the org\'s region, not members, grouped by station with a join link each',
  responses: { 200: pageOf(InvitationSchema, 'InvitationPage') },
  params: z.strictObject({ orgId: z.string().min(1) }),
  query: PageQuerySchema.extend({
    regionCode: RegionCodeSchema.optional().describe("a city or district within the org's region; needed for a province-level org"),
    station: nameSchema({ min: 1, max: 64 }).optional(),
  }),
};

const ports = membershipPorts();

/** A page of riders to invite (`limit` riders), masked, for staff of the org or above it. */
export const listInvitationsHandler = async ({ params, query, caller }: HttpRequest<typeof options>) => {
  const page = await listInvitations({ orgId: params.orgId, ...query }, caller, joinLinkBaseUrl(), ports);
  return ok({ items: page.items.map(invitationView), nextCursor: page.nextCursor });
};

export const handler = http(listInvitationsHandler, options);
