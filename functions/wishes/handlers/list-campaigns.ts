import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { pageOf } from '../../../shared/http/schemas.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { wishPorts } from '../dependencies.js';
import { CampaignPhaseSchema } from '../domain/campaign.js';
import { listCampaigns } from '../use-cases/list-campaigns.js';
import { CampaignViewSchema, campaignView } from '../views.js';

export const options = {
  summary: 'An org\'s campaigns, latest opening first, optionally by phase',
  responses: { 200: pageOf(CampaignViewSchema, 'CampaignPage') },
  query: PageQuerySchema.extend({ orgId: z.string().min(1), status: CampaignPhaseSchema.optional() }),
};

const ports = wishPorts();

export const listCampaignsHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const now = ports.clock.now();
  const page = await listCampaigns(query, caller, { ...ports, clock: { now: () => now } });
  return ok({ items: page.items.map((campaign) => campaignView(campaign, now)), nextCursor: page.nextCursor });
};

export const handler = http(listCampaignsHandler, options);
