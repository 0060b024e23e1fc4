import { z } from 'zod';
import document from '../../../docs/openapi.json' with { type: 'json' };
import { http } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';

export const options = {
  summary: 'This API\'s OpenAPI 3.1 document',
  responses: { 200: z.looseObject({ openapi: z.literal('3.1.0') }).meta({ id: 'OpenApiDocument' }) },
  public: true as const,
};

/** The document `npm run openapi` builds from the same schemas the handlers validate with. */
export const getOpenApiHandler = async () => ok(document);

export const handler = http(getOpenApiHandler, options);
