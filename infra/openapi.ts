import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ProblemSchema } from '../shared/http/schemas.js';
import type { HttpOptions } from '../shared/http/handler.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../shared/http/idempotency.js';
import { newLocalKeyring } from '../shared/crypto/pii-vault.js';
import { queueUrlEnvVar, tableEnvVar } from '../shared/config.js';
import { consumers, routes, tables, type ConsumerName, type TableName } from '../functions/services.js';
import { ACCOUNTS, handlerEntry, type RouteSpec } from '../shared/topology.js';

const projectRoot = resolve(import.meta.dirname, '..');

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN)
    .optional()
    .meta({
      description:
        '1-255 visible ASCII characters (a UUID is best). A retry with the same key and body from the same caller to the same path ' +
        'returns the first successful answer (marked `Idempotent-Replayed: true`) and creates nothing new; while the first runs it is ' +
        '409 with `Retry-After`; the same key with another body is 422. A refused request does not keep its key.',
    }),
});

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const errorResponses = (route: RouteSpec, options: HttpOptions) => ({
  '400': problem('Invalid input: every bad field is listed in `errors`'),
  ...(route.allow === 'public' ? {} : { '401': problem('Missing, expired or invalid credentials'), '403': problem('This credential may not call this route') }),
  '404': problem('Not found, or not in the caller\'s scope'),
  '409': options.idempotent
    ? {
        ...problem('The state forbids it, or a request with this Idempotency-Key is still running (retry after `Retry-After`)'),
        headers: { 'Retry-After': { description: 'Seconds to wait, when the Idempotency-Key is in progress', schema: { type: 'integer' as const } } },
      }
    : problem('The state forbids it'),
  '413': problem('Body over 1 MiB'),
  '415': problem('The body is not JSON'),
  ...(options.idempotent ? { '422': problem('This Idempotency-Key was already used with a different body') } : {}),
  '429': problem('Too many requests'),
  '500': problem('Our fault: quote the correlation id'),
  '503': {
    ...problem('Busy: nothing was changed; retry after `Retry-After` (with the same Idempotency-Key, if any)'),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' as const } } },
  },
});

const security = (route: RouteSpec): Record<string, string[]>[] => {
  if (route.allow === 'public') return [];
  const schemes: Record<string, string[]>[] = [];
  if (route.allow.some((role) => !ACCOUNTS.includes(role))) schemes.push({ bearer: [] });
  if (route.allow.some((role) => ACCOUNTS.includes(role))) schemes.push({ apiKey: [] });
  return schemes;
};

/** Handler modules wire their adapters when loaded; placeholder configuration is enough to read their schemas. */
function placeholderEnvironment() {
  for (const table of Object.keys(tables) as TableName[]) process.env[tableEnvVar(table)] ??= `openapi-${table}`;
  for (const consumer of Object.keys(consumers) as ConsumerName[]) process.env[queueUrlEnvVar(consumer)] ??= `https://sqs.invalid/${consumer}`;
  process.env.PROVINCE_CODE ??= '35';
  process.env.JOIN_LINK_BASE_URL ??= 'https://join.invalid';
  process.env.AWS_REGION ??= 'cn-north-1';
  if (!process.env.PII_KMS_KEY_ID) process.env.LOCAL_KEYRING ??= newLocalKeyring();
}

/**
 * The OpenAPI 3.1 document of the API, built from the topology's routes and the zod schemas
 * each handler validates requests with and (under test) checks its answers against: it
 * describes what the code accepts and returns because it is made of the same schemas.
 */
export async function openApiDocument() {
  placeholderEnvironment();
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const module = (await import(pathToFileURL(resolve(projectRoot, handlerEntry(route.handler))).href)) as { options?: HttpOptions };
    const options = module.options;
    if (!options) throw new Error(`${handlerEntry(route.handler)} exports no options`);
    const operation: ZodOpenApiOperationObject = {
      operationId: route.handler.replace('/', '.'),
      summary: options.summary,
      tags: [route.handler.split('/')[0]!],
      security: security(route),
      'x-allowed-roles': route.allow,
      requestParams: {
        ...(options.params ? { path: options.params as z.ZodObject } : {}),
        ...(options.query ? { query: options.query as z.ZodObject } : {}),
        ...(options.idempotent ? { header: idempotencyHeader } : {}),
      },
      ...(options.body ? { requestBody: { content: { 'application/json': { schema: options.body } } } } : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries(options.responses).map(([status, schema]) => [
            status,
            schema
              ? {
                  description: 'Success',
                  content:
                    status === '200' && options.produces
                      ? Object.fromEntries(options.produces.map((type) => [type, { schema }]))
                      : {
                          'application/json': { schema },
                          ...Object.fromEntries((status === '200' ? options.alsoProduces ?? [] : []).map((type) => [type, { schema: z.string() }])),
                        },
                }
              : { description: 'Success, no content' },
          ]),
        ),
        ...errorResponses(route, options),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Union services for new-employment-form workers',
      version: '1',
      description: 'One province per deployment. Errors are RFC 9457 problems; lists take `limit` and `cursor`.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Workers and union staff, from the province\'s issuer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Partner, donor and employer accounts' },
      },
    },
    paths,
  });
}
