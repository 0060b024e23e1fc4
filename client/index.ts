/**
 * A typed client of the union API: paths, parameters, bodies and answers come from
 * `client/schema.d.ts`, which `npm run client` generates from docs/openapi.json, so code written
 * against it stops compiling when the contract changes.
 *
 * @example
 * const api = unionClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: process.env.UNION_API_KEY });
 * const pool = await answer(api.GET('/v1/wishes', { params: { query: { status: 'open' } } }));
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths };
export type UnionClient = Client<paths>;
export type Problem = components['schemas']['Problem'];

export interface ClientOptions {
  baseUrl: string;
  /** A worker's or staff member's JWT (`Authorization: Bearer`). */
  token?: string | undefined;
  /** A partner's, donor's or employer's API key (`X-Api-Key`). */
  apiKey?: string | undefined;
}

export function unionClient({ baseUrl, token, apiKey }: ClientOptions): UnionClient {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (apiKey) headers['x-api-key'] = apiKey;
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), headers });
}

/** An answer that was not 2xx, with the problem+json the API sent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> | undefined,
    request: string,
  ) {
    // The detail of a 400 repeats its field errors: each is shown on its own line instead.
    const fields = (problem?.errors ?? []).map((error) => `\n  ${error.path || '(body)'}: ${error.message}`).join('');
    const detail = !fields && problem?.detail ? `: ${problem.detail}` : '';
    super(`${request} answered ${status}${problem?.title ? ` ${problem.title}` : ''}${detail}${fields}`);
    this.name = 'ApiError';
  }
}

/** The body of a 2xx answer (a call, or its result already awaited); an `ApiError` otherwise. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }> | { data?: T; error?: unknown; response: Response }): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const path = new URL(response.url).pathname;
    throw new ApiError(response.status, typeof error === 'object' && error !== null ? (error as Partial<Problem>) : undefined, path);
  }
  return data as T;
}

/**
 * The JSON of a route that also answers another media type (a report as `text/csv`): the
 * generated types allow both, so a body that came as text is an error here.
 */
export function asJson<T>(body: T): Exclude<T, string> {
  if (typeof body === 'string') throw new Error('Expected JSON, got text: ask with Accept: application/json');
  return body as Exclude<T, string>;
}
