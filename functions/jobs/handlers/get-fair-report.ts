import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { csv, toCsv, wantsCsv } from '../../../shared/http/csv.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { fairReport } from '../use-cases/fairs.js';
import { FairReportSchema, fairReportRows, fairReportView } from '../views.js';

export const options = {
  summary: 'The organizing union\'s fair report: per employer positions and intentions, totals with check-ins (JSON, or text/csv by Accept)',
  responses: { 200: FairReportSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
  alsoProduces: ['text/csv'],
};

const ports = jobPorts();

export const getFairReportHandler = async ({ params, caller, accept }: HttpRequest<typeof options>) => {
  const { fair, booths, counts } = await fairReport(params.fairId, caller, ports);
  const report = fairReportView(fair, booths, counts);
  if (!wantsCsv(accept)) return ok(report);
  const { header, rows } = fairReportRows(report);
  return csv(toCsv(header, rows), `fair-${fair.id}.csv`);
};

export const handler = http(getFairReportHandler, options);
