import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { csv, toCsv, wantsCsv } from '../../../shared/http/csv.js';
import { ok } from '../../../shared/http/responses.js';
import { wishPorts } from '../dependencies.js';
import { CampaignReportSchema, reportRows } from '../domain/report.js';
import { reportCampaign } from '../use-cases/queries.js';

export const options = {
  summary: 'The organizing union\'s report of a campaign (JSON, or CSV with Accept: text/csv)',
  responses: { 200: CampaignReportSchema },
  params: z.strictObject({ campaignId: z.string().min(1) }),
  alsoProduces: ['text/csv'],
};

const ports = wishPorts();

export const campaignReportHandler = async ({ params, caller, accept }: HttpRequest<typeof options>) => {
  const { campaign, report } = await reportCampaign(params.campaignId, caller, ports);
  if (!wantsCsv(accept)) return ok(report);
  const { header, rows } = reportRows(report);
  return csv(toCsv(header, rows), `campaign-${campaign.id}.csv`);
};

export const handler = http(campaignReportHandler, options);
