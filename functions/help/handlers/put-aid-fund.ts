import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { helpPorts } from '../dependencies.js';
import { setAidFund } from '../use-cases/help-requests.js';
import { AidFundParamsSchema, AidFundSchema, fundView } from '../views.js';

export const options = {
  summary: "Set an org's hardship aid budget for a year; what was paid stays paid (a budget below it is 409)",
  responses: { 200: AidFundSchema },
  params: AidFundParamsSchema,
  body: z.strictObject({ budgetFen: z.number().int().min(0).max(100_000_000_000) }),
};

const ports = helpPorts();

export const putAidFundHandler = async ({ params, body, caller }: HttpRequest<typeof options>) => ok(fundView(await setAidFund(params.orgId, params.year, body.budgetFen, caller, ports)));

export const handler = http(putAidFundHandler, options);
