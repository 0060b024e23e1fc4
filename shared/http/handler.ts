import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { CallerSchema, type Caller } from '../auth/caller.js';
import { tableNameOf } from '../config.js';
import { documentClient } from '../dynamo.js';
import { InvalidInputError, UnauthorizedError, type FieldError } from '../errors.js';
import { logger } from '../logger.js';
import { publishBusinessMetrics } from '../metrics-emf.js';
import { systemClock } from '../ports.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '../topology.js';
import { fieldErrors } from '../validation.js';
import { IDEMPOTENCY_KEY_PATTERN, makeIdempotency, type IdempotencyClaim } from './idempotency.js';
import { makeDynamoIdempotencyStore } from './idempotency-store.js';
import { jsonBody } from './middleware/json-body.js';
import { problemDetails } from './middleware/problem-details.js';
import { pathParameterErrors } from './path-parameters.js';

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
  /** Other media types the 200 answer comes in when `Accept` asks for them (e.g. `text/csv`). */
  alsoProduces?: readonly string[];
  /** The only media types the 200 answer comes in, for a route that never answers JSON (a poster's `image/svg+xml`). */
  produces?: readonly string[];
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HttpRequest<O extends HttpOptions> {
  params: Infer<O['params']>;
  query: Infer<O['query']>;
  body: Infer<O['body']>;
  caller: O['public'] extends true ? undefined : Caller;
  requestId: string;
  /** The `Accept` header, for routes that answer in more than one media type. */
  accept?: string;
}

/** Header names arrive lower-cased (the header normalizer runs first). */
const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

type ParsedEvent = APIGatewayProxyEvent & { jsonBody?: unknown; input?: HttpRequest<HttpOptions> };

/**
 * Path and query arrive as `null` when there are none; a body is `undefined` when none was sent,
 * so a body of JSON `null` is a value the route's schema judges (and a route without a body
 * refuses), never taken for no body.
 */
function parsePart(location: 'path' | 'query' | 'body', schema: z.ZodType | undefined, value: unknown, errors: FieldError[]): unknown {
  const sent = location === 'body' ? value : (value ?? undefined);
  if (!schema) {
    if (sent !== null && typeof sent === 'object') {
      for (const key of Object.keys(sent)) errors.push({ path: `${location}.${key}`, message: 'is not known to this route' });
    } else if (sent !== undefined) {
      errors.push({ path: location, message: 'this route takes none' });
    }
    return undefined;
  }
  const result = schema.safeParse(location === 'body' ? sent : (sent ?? {}));
  if (result.success) return result.data;
  errors.push(...fieldErrors(location, result.error));
  return undefined;
}

/**
 * Validates path, query and body together so one answer lists every bad field. Every path
 * parameter is bounded (length, characters) before the route's own schema reads it.
 */
function validateInput(options: HttpOptions): middy.MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      const { event } = request;
      const errors: FieldError[] = [];
      // The shared bound on every path parameter first: a route's schema never sees a 3 KB id.
      const pathErrors = pathParameterErrors(event.pathParameters);
      errors.push(...pathErrors);
      // The route's schema reads the parameters within the bound, so one answer names every bad one.
      const outOfBound = new Set(pathErrors.map((error) => error.path));
      const bounded = Object.fromEntries(Object.entries(event.pathParameters ?? {}).filter(([name]) => !outOfBound.has(`path.${name}`)));
      const routeErrors: FieldError[] = [];
      const params = parsePart('path', options.params, event.pathParameters ? bounded : null, routeErrors);
      errors.push(...routeErrors.filter((error) => !outOfBound.has(error.path)));
      const query = parsePart('query', options.query, event.queryStringParameters, errors);
      const body = parsePart('body', options.body, event.jsonBody, errors);
      const key = event.headers?.[IDEMPOTENCY_KEY_HEADER];
      if (options.idempotent && key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
        errors.push({ path: `header.${IDEMPOTENCY_KEY_HEADER}`, message: 'must be 1-255 visible ASCII characters (a UUID is best)' });
      }
      if (errors.length > 0) throw new InvalidInputError(errors);
      let caller: Caller | undefined;
      if (!options.public) {
        const parsed = CallerSchema.safeParse(event.requestContext.authorizer);
        if (!parsed.success) throw new UnauthorizedError('The request carries no authorized caller');
        caller = parsed.data;
      }
      const accept = event.headers?.accept ?? undefined;
      event.input = { params, query, body, caller, requestId: event.requestContext.requestId, accept } as HttpRequest<HttpOptions>;
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
      const contentType = String(response.headers?.['content-type'] ?? 'application/json');
      if (!contentType.startsWith('application/json')) {
        if (![...(options.alsoProduces ?? []), ...(options.produces ?? [])].some((type) => contentType.startsWith(type))) throw new Error(`${contentType} is not documented for this route`);
        return;
      }
      const schema = options.responses[response.statusCode as 200 | 201 | 202];
      if (!schema) throw new Error(`Status ${response.statusCode} is not documented for this route`);
      const result = schema.safeParse(JSON.parse(response.body));
      if (!result.success) throw new Error(`Response breaks its documented schema: ${fieldErrors('response', result.error).map((e) => `${e.path} ${e.message}`).join('; ')}`);
    },
  };
}

/**
 * How long an in-progress record holds its key: the time the function has left, plus a margin
 * for clock skew between instances. Past it the function has surely ended (Lambda stops it at
 * its timeout), so a request that crashed blocks its key for seconds, not for the day a
 * completed answer is kept.
 */
const IN_PROGRESS_MARGIN_SECONDS = 5;

function inProgressSeconds(context: Context | undefined): number {
  const budgetMs = HTTP_FUNCTION_TIMEOUT_SECONDS * 1000;
  const remainingMs = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : budgetMs;
  return Math.ceil(Math.min(remainingMs, budgetMs) / 1000) + IN_PROGRESS_MARGIN_SECONDS;
}

/** Built per request: it only closes over the table name, which the environment gives. */
const idempotency = () =>
  makeIdempotency({ store: makeDynamoIdempotencyStore({ client: documentClient(), tableName: tableNameOf('idempotency') }), clock: systemClock });

/**
 * `Idempotency-Key` for creating POSTs: a thin shell over `shared/http/idempotency.ts`. Runs
 * after validation, so an invalid request never touches the table. A 2xx answer is kept and
 * replayed (with `Idempotent-Replayed: true`); any other outcome releases the key, so a
 * corrected retry with the same key runs afresh (docs/adr/0009). A request without the header
 * is not idempotent.
 */
function idempotentRequests(): middy.MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  const claims = new WeakMap<object, IdempotencyClaim>();

  const before = async (request: middy.Request<ParsedEvent, APIGatewayProxyResult>) => {
    const { event } = request;
    const key = event.headers?.[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return undefined;
    const caller = event.input!.caller!;
    const outcome = await idempotency().begin(
      { caller: caller.principalId, method: event.httpMethod, path: event.path, key },
      event.jsonBody,
      inProgressSeconds(request.context),
    );
    if ('replay' in outcome) return { ...outcome.replay, headers: { ...outcome.replay.headers, 'idempotent-replayed': 'true' } };
    claims.set(request, outcome.claim);
    return undefined;
  };

  const after = async (request: middy.Request<ParsedEvent, APIGatewayProxyResult>) => {
    const claim = claims.get(request);
    const response = request.response;
    if (!claim || !response) return;
    claims.delete(request);
    try {
      if (response.statusCode >= 200 && response.statusCode < 300) {
        const { statusCode, body, headers, isBase64Encoded } = response;
        const kept = await idempotency().complete(claim, { statusCode, body, ...(headers ? { headers: headers as Record<string, string> } : {}), ...(isBase64Encoded ? { isBase64Encoded } : {}) });
        if (!kept) logger.warn('Idempotency record was taken over before this request completed; its answer is not kept');
      } else {
        await idempotency().release(claim);
      }
    } catch (error) {
      // The work is done and the answer is right: failing the request now would make the client
      // retry, and the retry would do the work again once the in-progress record expires.
      logger.error('Could not keep the idempotency record of a completed request', { error: error as Error });
    }
  };

  const onError = async (request: middy.Request<ParsedEvent, APIGatewayProxyResult>) => {
    const claim = claims.get(request);
    if (!claim) return;
    claims.delete(request);
    try {
      await idempotency().release(claim);
    } catch (error) {
      // The original error is the answer; the key stays blocked until its in-progress record expires.
      logger.error('Could not release an idempotency record after a failed request', { error: error as Error });
    }
  };

  return { before, after, onError };
}

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
    .use(publishBusinessMetrics())
    .use(problemDetails())
    .use(httpHeaderNormalizer())
    .use(jsonBody())
    .use(validateInput(options));
  if (options.idempotent) {
    // A key is scoped to its caller: a public route has none to scope it to.
    if (options.public) throw new Error('A public route cannot be idempotent: Idempotency-Key is scoped to the caller');
    chain.use(idempotentRequests());
  }
  // After the idempotency shell in `use` order, so its `after` runs first: an answer that breaks
  // its schema fails the request (and releases the key) instead of being kept for replays.
  if (process.env.VALIDATE_RESPONSES === 'true') chain.use(documentedResponses(options));
  return chain.handler((event) => route(event.input as HttpRequest<O>));
}
