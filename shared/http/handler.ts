import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { CallerSchema, type Caller } from '../auth/caller.js';
import { tableNameOf } from '../config.js';
import { InvalidInputError, UnauthorizedError, type FieldError } from '../errors.js';
import { logger } from '../logger.js';
import { fieldErrors } from '../validation.js';
import { jsonBody } from './middleware/json-body.js';
import { problemDetails } from './middleware/problem-details.js';

export interface HttpOptions {
  /** One line for the API document. */
  summary: string;
  /** The body of each success status the route answers (`204: null`: no body); errors are problems. */
  responses: Partial<Record<200 | 201 | 202, z.ZodType>> & { 204?: null };
  /** Strict schemas: unknown fields are refused. */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Routes without credentials (the authorizer does not run). */
  public?: boolean;
  /** A creating POST: an `Idempotency-Key` header makes retries return the first answer. */
  idempotent?: boolean;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HttpRequest<O extends HttpOptions> {
  params: Infer<O['params']>;
  query: Infer<O['query']>;
  body: Infer<O['body']>;
  caller: O['public'] extends true ? undefined : Caller;
  requestId: string;
}

type ParsedEvent = APIGatewayProxyEvent & { jsonBody?: unknown; input?: HttpRequest<HttpOptions> };

function parsePart(location: string, schema: z.ZodType | undefined, value: unknown, errors: FieldError[]): unknown {
  if (!schema) {
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) errors.push({ path: `${location}.${key}`, message: 'is not known to this route' });
    } else if (value !== undefined && value !== null) {
      errors.push({ path: location, message: 'this route takes none' });
    }
    return undefined;
  }
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (result.success) return result.data;
  errors.push(...fieldErrors(location, result.error));
  return undefined;
}

/** Validates path, query and body together so one answer lists every bad field. */
function validateInput(options: HttpOptions): middy.MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      const { event } = request;
      const errors: FieldError[] = [];
      const params = parsePart('path', options.params, event.pathParameters, errors);
      const query = parsePart('query', options.query, event.queryStringParameters, errors);
      const body = parsePart('body', options.body, event.jsonBody, errors);
      if (errors.length > 0) throw new InvalidInputError(errors);
      let caller: Caller | undefined;
      if (!options.public) {
        const parsed = CallerSchema.safeParse(event.requestContext.authorizer);
        if (!parsed.success) throw new UnauthorizedError('The request carries no authorized caller');
        caller = parsed.data;
      }
      event.input = { params, query, body, caller, requestId: event.requestContext.requestId } as HttpRequest<HttpOptions>;
    },
  };
}

/**
 * With `VALIDATE_RESPONSES=true` (the test suite sets it) every success answer is checked
 * against the route's documented schema, so the API document cannot drift from the code.
 */
function documentedResponses(options: HttpOptions): middy.MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  return {
    after: async ({ response }) => {
      if (!response || response.statusCode >= 300) return;
      if (response.statusCode === 204) {
        if (!(204 in options.responses) || response.body) throw new Error('Status 204 is not documented for this route, or carries a body');
        return;
      }
      const schema = options.responses[response.statusCode as 200 | 201 | 202];
      if (!schema) throw new Error(`Status ${response.statusCode} is not documented for this route`);
      const result = schema.safeParse(JSON.parse(response.body));
      if (!result.success) throw new Error(`Response breaks its documented schema: ${fieldErrors('response', result.error).map((e) => `${e.path} ${e.message}`).join('; ')}`);
    },
  };
}

let persistenceStore: DynamoDBPersistenceLayer | undefined;

/**
 * Retries are told apart by caller, route and key, and must repeat the same body. Without
 * the header the expression is null and Powertools skips idempotency for that request.
 */
const idempotencyConfig = () =>
  new IdempotencyConfig({
    eventKeyJmesPath:
      'headers."idempotency-key" && [requestContext.authorizer.principalId, httpMethod, resource, headers."idempotency-key"]',
    payloadValidationJmesPath: 'jsonBody',
    expiresAfterSeconds: 24 * 3600,
  });

/**
 * Wraps a route handler in the middleware every HTTP function shares: logging with the
 * request id as correlation id, RFC 9457 problems for every error, header normalization,
 * JSON body parsing, strict zod validation of path, query and body, the typed caller from
 * the authorizer and, for creating POSTs, Idempotency-Key support.
 *
 * @example
 * export const handler = http(getOrgHandler, { params: OrgParamsSchema });
 */
export function http<O extends HttpOptions>(
  route: (request: HttpRequest<O>) => Promise<APIGatewayProxyResult>,
  options: O,
) {
  const chain = middy<ParsedEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId', resetKeys: true }))
    .use(problemDetails())
    .use(httpHeaderNormalizer())
    .use(jsonBody())
    .use(validateInput(options));
  if (process.env.VALIDATE_RESPONSES === 'true') chain.use(documentedResponses(options));
  if (options.idempotent) {
    persistenceStore ??= new DynamoDBPersistenceLayer({
      tableName: tableNameOf('idempotency'),
      awsSdkV3Client: new DynamoDBClient({}),
    });
    chain.use(makeHandlerIdempotent({ persistenceStore, config: idempotencyConfig() }));
  }
  return chain.handler((event) => route(event.input as HttpRequest<O>));
}
