import { z } from 'zod';
import { http, type HttpRequest } from '../../../shared/http/handler.js';
import { svg } from '../../../shared/http/responses.js';
import { posterPorts } from '../dependencies.js';
import { joinLinkPoster } from '../use-cases/join-links.js';

export const options = {
  summary: 'A print-ready A4 poster (SVG) of a live join link: the org\'s name, the QR code of the link\'s URL, a call to action and the last day it works',
  responses: { 200: z.string().meta({ description: 'An SVG document (A4, text as text)' }) },
  produces: ['image/svg+xml'],
  params: z.strictObject({ orgId: z.string().min(1), token: z.string().min(1) }),
};

const ports = posterPorts();

export const getJoinLinkPosterHandler = async ({ params, caller }: HttpRequest<typeof options>) =>
  svg(await joinLinkPoster(params.orgId, params.token, caller, ports), 'join-poster.svg');

export const handler = http(getJoinLinkPosterHandler, options);
