import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { PageQuerySchema } from '../../../shared/validation.js';
import { defaultClaimLimit, wishPorts } from '../dependencies.js';
import { donorActor } from '../use-cases/ports.js';
import { givingRecord } from '../use-cases/giving-record.js';
import { GiftsSchema, claimLimitView, giftView } from '../views.js';

export const options = {
  summary: 'The donor\'s giving record: its claims and gifts with their thanks, newest first, and totals',
  responses: { 200: GiftsSchema },
  query: PageQuerySchema,
};

const ports = wishPorts();

export const listGiftsHandler = async ({ query, caller }: HttpRequest<typeof options>) => {
  const donor = donorActor(caller);
  const record = await givingRecord(donor.donorId, query, ports);
  const { open, limit } = claimLimitView(donor.donorId, record.claims, defaultClaimLimit());
  return ok({
    items: record.page.items.map(giftView),
    nextCursor: record.page.nextCursor,
    totals: record.totals,
    claims: { open, limit },
  });
};

export const handler = http(listGiftsHandler, options);
