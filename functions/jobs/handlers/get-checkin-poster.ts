import { z } from 'zod';
import { joinLinkBaseUrl } from '../../../shared/config.js';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { POSTER_TYPES, PosterBodySchema, posterResponse } from '../../../shared/poster/respond.js';
import { checkinPosterPorts } from '../dependencies.js';
import { checkinLinkPoster } from '../use-cases/checkin-poster.js';

export const options = {
  summary: 'A print-ready A4 poster of a fair\'s check-in code for its entrance: the organizing union, the fair, the QR code of the check-in URL, where and when (SVG, or PNG with Accept: image/png)',
  responses: { 200: PosterBodySchema },
  produces: POSTER_TYPES,
  params: z.strictObject({ fairId: z.string().min(1), token: z.string().min(1) }),
};

const ports = checkinPosterPorts();

export const getCheckinPosterHandler = async ({ params, caller, accept }: HttpRequest<typeof options>) =>
  posterResponse(await checkinLinkPoster(params.fairId, params.token, caller, joinLinkBaseUrl(), ports), accept, 'checkin-poster');

export const handler = http(getCheckinPosterHandler, options);
