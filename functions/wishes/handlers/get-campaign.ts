import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { CampaignViewSchema, campaignView } from '../views.js';
import { getCampaign } from '../use-cases/queries.js';

export const options = {
  summary: 'A campaign with its budget, quota and wishes per status',
  responses: { 200: CampaignViewSchema },
  params: z.strictObject({ campaignId: z.string().min(1) }),
};

const ports = wishPorts();

export const getCampaignHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  ok(campaignView(await getCampaign(params.campaignId, caller, ports), ports.clock.now()));

export const handler = http(getCampaignHandler, options);
