import { z } from 'zod';
import { brotliDecompressSync } from 'node:zlib';
import { http } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';
import { compressedDocument } from '../openapi-document.js';

export const options = {
  summary: 'This API\'s OpenAPI 3.1 document',
  responses: { 200: z.looseObject({ openapi: z.literal('3.1.0') }).meta({ id: 'OpenApiDocument' }) },
  public: true as const,
};

let document: unknown;

/** The document, unpacked at the first request rather than at every cold start. */
export const openApiDocument = (): unknown => (document ??= JSON.parse(brotliDecompressSync(Buffer.from(compressedDocument, 'base64')).toString('utf8')));

/** The document `npm run openapi` builds from the same schemas the handlers validate with. */
export const getOpenApiHandler = async () => ok(openApiDocument());

export const handler = http(getOpenApiHandler, options);
