import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { jobPorts } from '../dependencies.js';
import { fairStats } from '../use-cases/fairs.js';
import { FairStatsSchema, fairStatsView } from '../views.js';

export const options = {
  summary: 'A fair\'s counts: employers with booths, positions (sum of headcount), check-ins, intentions',
  responses: { 200: FairStatsSchema },
  params: z.strictObject({ fairId: z.string().min(1) }),
};

const ports = jobPorts();

export const getFairStatsHandler = async ({ params }: HttpRequest<typeof options>) => ok(fairStatsView(await fairStats(params.fairId, ports)));

export const handler = http(getFairStatsHandler, options);
