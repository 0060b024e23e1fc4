import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { POSTER_TYPES, PosterBodySchema, posterResponse } from '../../../shared/poster/respond.js';
import { posterPorts } from '../dependencies.js';
import { joinLinkPoster } from '../use-cases/join-links.js';

export const options = {
  summary: 'A print-ready A4 poster of a live join link: the org\'s name, the QR code of the link\'s URL, a call to action and the last day it works (SVG, or PNG with Accept: image/png)',
  responses: { 200: PosterBodySchema },
  produces: POSTER_TYPES,
  params: z.strictObject({ orgId: z.string().min(1), token: z.string().min(1) }),
};

const ports = posterPorts();

export const getJoinLinkPosterHandler = async ({ params, caller, accept }: HttpRequest<typeof options>) =>
  posterResponse(await joinLinkPoster(params.orgId, params.token, caller, ports), accept, 'join-poster');

export const handler = http(getJoinLinkPosterHandler, options);
