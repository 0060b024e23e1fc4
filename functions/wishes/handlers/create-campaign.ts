import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { created } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { createCampaign } from '../use-cases/create-campaign.js';
import { CampaignViewSchema, campaignView } from '../views.js';

const Fen = z.number().int().nonnegative().max(1_000_000_000);

export const options = {
  summary: 'Open a micro-wish campaign for an org in the caller\'s subtree',
  responses: { 201: CampaignViewSchema },
  body: z.strictObject({
    orgId: z.string().min(1),
    title: z.string().trim().min(2).max(100),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    budgetFen: Fen,
    quota: z.number().int().min(1).max(100_000),
    maxValueFen: Fen.min(1),
    claimHoldDays: z.number().int().min(1).max(90).optional(),
    stations: z.array(z.strictObject({ name: z.string().trim().min(2).max(60), address: z.string().trim().min(2).max(200) })).max(50).optional(),
  }),
  idempotent: true,
};

const ports = wishPorts();

export const createCampaignHandler = async ({ body, caller }: HttpRequest<typeof options>) =>
  created(campaignView(await createCampaign(body, caller, ports), ports.clock.now()));

export const handler = http(createCampaignHandler, options);
