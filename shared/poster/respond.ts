import type { APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { prefers } from '../http/negotiate.js';
import { png, svg } from '../http/responses.js';
import { posterPng } from './png.js';
import { posterSvg, type Poster } from './poster.js';

/** The media types a poster route answers in, the default first (for its `produces`). */
export const POSTER_TYPES = ['image/svg+xml', 'image/png'] as const;

/** A poster route's 200 answer, as its OpenAPI document describes it. */
export const PosterBodySchema = z.string().meta({ description: 'An SVG document (A4, text as text), or a PNG image (A4 at 150 dpi)' });

/** A poster in the format `Accept` asks for: PNG when it prefers `image/png`, else SVG. */
export const posterResponse = (poster: Poster, accept: string | undefined, name: string): APIGatewayProxyResult =>
  prefers(accept, 'image/png', 'image/svg+xml') ? png(posterPng(poster), `${name}.png`) : svg(posterSvg(poster), `${name}.svg`);
