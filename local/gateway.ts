import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authorizer, routes } from '../functions/services.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, isMetered, type RouteSpec } from '../shared/topology.js';
import { MAX_BODY_BYTES } from '../shared/http/limits.js';
import { InvalidInputError } from '../shared/errors.js';
import { toProblem } from '../shared/http/middleware/problem-details.js';
import { gatewayProblem, problemResponse, type GatewayProblem } from '../shared/http/problem.js';
import { invoke } from './functions.js';
import type { UsageLimiter } from './usage-limiter.js';
import type { LocalIdentityProvider } from './identity-provider.js';
import type { StaticSite } from '../web/site.js';

/** A route the local gateway serves beside the topology's (e.g. `POST /local/tokens`, `GET /local/sms`). */
export type LocalRoute = (body: unknown, url: URL) => Promise<APIGatewayProxyResult>;

export interface GatewayOptions {
  port: number;
  localRoutes?: Record<string, LocalRoute>;
  /** The web pages, served beside the API as the deployed site's CDN would (`/`, `/join`, `/console`, `/docs`). */
  site?: StaticSite;
  /** The local identity provider, handed the requests under its path (but `localRoutes`) untouched. */
  identityProvider?: LocalIdentityProvider;
  /** Per-account throttling of metered routes, by the usage key the authorizer names; none when unset. */
  limiter?: UsageLimiter;
  /** Called once per request with a line for the access log; bodies are never passed. */
  log?: (line: string) => void;
}

// Static segments win over path parameters, as in API Gateway: `/memberships/me` before `/{membershipId}`.
const compiled = [...routes].sort((a, b) => a.path.split('{').length - b.path.split('{').length).map((route) => ({
  route,
  names: [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
}));

/** A path parameter whose percent-encoding does not decode (e.g. `%E0%A4%A`): the client's error. */
class BadPercentEncodingError extends Error {
  constructor(readonly parameter: string) {
    super(`path.${parameter} is not valid percent-encoding`);
  }
}

function decodeParameter(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BadPercentEncodingError(name);
  }
}

function matchRoute(method: string, path: string): { route: RouteSpec; pathParameters: Record<string, string> } | undefined {
  for (const { route, names, pattern } of compiled) {
    const match = route.method === method ? pattern.exec(path) : null;
    if (match) {
      return {
        route,
        pathParameters: Object.fromEntries(names.map((name, i) => [name, decodeParameter(name, match[i + 1]!)])),
      };
    }
  }
  return undefined;
}

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const single = (headers: IncomingMessage['headers']): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));

/** The event API Gateway's REST API (payload v1) sends a Lambda proxy integration. */
function proxyEvent(
  request: IncomingMessage,
  url: URL,
  route: RouteSpec,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEvent {
  const query = [...url.searchParams.keys()];
  const requestId = randomUUID();
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers: single(request.headers),
    multiValueHeaders: Object.fromEntries(Object.entries(single(request.headers)).map(([name, value]) => [name, [value]])),
    queryStringParameters: query.length > 0 ? Object.fromEntries(url.searchParams.entries()) : null,
    multiValueQueryStringParameters: query.length > 0 ? Object.fromEntries(query.map((key) => [key, url.searchParams.getAll(key)])) : null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: route.method,
      path: `/local${url.pathname}`,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: route.path,
      resourcePath: route.path,
      identity: { sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: request.headers['user-agent'] ?? null } as APIGatewayProxyEvent['requestContext']['identity'],
    },
  };
}

type AuthorizerOutcome = { context: Record<string, unknown>; usageKey?: string } | { problem: GatewayProblem };

/**
 * Runs the authorizer as API Gateway does: `Unauthorized` is 401, a Deny is 403, an Allow passes
 * its context on, with the usage key it names (the API's key source is the authorizer).
 */
async function authorize(event: APIGatewayProxyEvent): Promise<AuthorizerOutcome> {
  const authorizerEvent = {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:local:000000000000:local/local/${event.httpMethod}${event.path}`,
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers,
    multiValueHeaders: event.multiValueHeaders,
    queryStringParameters: event.queryStringParameters,
    multiValueQueryStringParameters: event.multiValueQueryStringParameters,
    pathParameters: event.pathParameters,
    stageVariables: null,
    requestContext: event.requestContext,
  } as APIGatewayRequestAuthorizerEvent;
  let result: APIGatewayAuthorizerResult;
  try {
    result = await invoke<APIGatewayAuthorizerResult>(authorizer.handler, authorizerEvent, HTTP_FUNCTION_TIMEOUT_SECONDS);
  } catch (error) {
    if ((error as Error).message === 'Unauthorized') return { problem: 'UNAUTHORIZED' };
    throw error;
  }
  const allowed = result.policyDocument.Statement.every((statement) => 'Effect' in statement && statement.Effect === 'Allow');
  if (!allowed) return { problem: 'ACCESS_DENIED' };
  return { context: { ...result.context, principalId: result.principalId }, ...(result.usageIdentifierKey ? { usageKey: result.usageIdentifierKey } : {}) };
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  response.writeHead(result.statusCode, { ...(result.headers as Record<string, string>) });
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/** 429 as API Gateway's THROTTLED or QUOTA_EXCEEDED response, with the wait the limiter computed. */
const throttled = (quota: boolean, retryAfterSeconds: number): APIGatewayProxyResult => {
  const response = problemResponse(gatewayProblem(quota ? 'QUOTA_EXCEEDED' : 'THROTTLED'));
  return { ...response, headers: { ...response.headers, 'retry-after': String(retryAfterSeconds) } };
};

async function route(request: IncomingMessage, options: GatewayOptions): Promise<APIGatewayProxyResult> {
  const { localRoutes = {}, site, limiter } = options;
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const page = method === 'GET' ? site?.(url.pathname) : undefined;
  if (page) return page;
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return problemResponse(gatewayProblem('REQUEST_TOO_LARGE'));
    throw error;
  }
  const local = localRoutes[`${method} ${url.pathname}`];
  if (local) {
    let parsed: unknown;
    try {
      parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      parsed = undefined;
    }
    return local(parsed, url);
  }
  let matched: ReturnType<typeof matchRoute>;
  try {
    matched = matchRoute(method, url.pathname);
  } catch (error) {
    if (!(error instanceof BadPercentEncodingError)) throw error;
    return problemResponse(toProblem(InvalidInputError.field(`path.${error.parameter}`, 'is not valid percent-encoding (UTF-8)'), randomUUID()));
  }
  if (!matched) return problemResponse(gatewayProblem('MISSING_AUTHENTICATION_TOKEN'));
  const event = proxyEvent(request, url, matched.route, matched.pathParameters, body);
  if (matched.route.allow !== 'public') {
    const outcome = await authorize(event);
    if ('problem' in outcome) return problemResponse(gatewayProblem(outcome.problem));
    // API Gateway refuses a metered route to a caller without a usage key (403) and throttles by its plan.
    if (limiter && isMetered(matched.route)) {
      if (!outcome.usageKey) return problemResponse(gatewayProblem('INVALID_API_KEY'));
      const verdict = limiter.take(outcome.usageKey);
      if (!verdict.allowed) return throttled(verdict.quota, verdict.retryAfterSeconds);
    }
    event.requestContext.authorizer = outcome.context;
  }
  return invoke<APIGatewayProxyResult>(matched.route.handler, event, HTTP_FUNCTION_TIMEOUT_SECONDS);
}

/**
 * The local stand-in for API Gateway: matches the topology's routes, runs the same authorizer,
 * invokes the same handlers with REST API proxy events, and answers gateway-level problems
 * with the documents the deployed stack's gateway responses render.
 */
export async function startGateway(options: GatewayOptions): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    const started = Date.now();
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const provider = options.identityProvider;
    if (provider?.owns(pathname) && !options.localRoutes?.[`${request.method} ${pathname}`]) {
      response.once('finish', () => options.log?.(`${request.method} ${pathname} ${response.statusCode} ${Date.now() - started}ms`));
      return provider.handle(request, response);
    }
    route(request, options)
      .catch((error: unknown) => {
        options.log?.(`gateway error: ${(error as Error).name}: ${(error as Error).message}`);
        return problemResponse({ type: '/problems/bad-gateway', title: 'Bad gateway', status: 502, detail: 'The function failed; see the runtime log' });
      })
      .then((result) => {
        send(response, result);
        options.log?.(`${request.method} ${request.url} ${result.statusCode} ${Date.now() - started}ms`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
