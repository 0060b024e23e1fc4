import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { withCsv } from '../csv-response.js';
import { jobPorts } from '../dependencies.js';
import { fairReport } from '../use-cases/fairs.js';
import { FairReportSchema, fairReportCsv, fairReportView } from '../views.js';

export const options = {
  summary: 'The organizing union\'s fair report: per employer positions and intentions, totals with check-ins (JSON, or text/csv by Accept)',
  responses: { 200: FairReportSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
};

const ports = jobPorts();

export const getFairReportHandler = async ({ params, caller }: HttpRequest<typeof options>) => {
  const { fair, booths, counts } = await fairReport(params.fairId, caller, ports);
  return ok(fairReportView(fair, booths, counts));
};

export const handler = withCsv(http(getFairReportHandler, options), (json) => {
  const report = FairReportSchema.parse(json);
  return { csv: fairReportCsv(report), filename: `fair-${report.fair.id}.csv` };
});
