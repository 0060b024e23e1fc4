import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { helpPorts } from '../dependencies.js';
import { aidFund } from '../use-cases/help-requests.js';
import { AidFundParamsSchema, AidFundSchema, fundView } from '../views.js';

export const options = {
  summary: "An org's hardship aid fund for a year: budget and what was paid (zero when none was set)",
  responses: { 200: AidFundSchema },
  params: AidFundParamsSchema,
};

const ports = helpPorts();

export const getAidFundHandler = async ({ params, caller }: HttpRequest<typeof options>) => ok(fundView(await aidFund(params.orgId, params.year, caller, ports)));

export const handler = http(getAidFundHandler, options);
