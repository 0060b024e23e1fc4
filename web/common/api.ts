/** A bad field as the API names it: `body.mobile`, `path.token`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An answer of the API: the parsed JSON body, or a problem (`application/problem+json`). */
export interface Answer<T = any> {
  status: number;
  body: T & { title?: string; detail?: string; errors?: FieldProblem[] };
  headers: Headers;
}

/**
 * Calls the API of the site that served the page (same origin, so no CORS and the CSP's
 * `connect-src 'self'` holds). Creating POSTs carry an Idempotency-Key, so a worker who taps
 * twice on a slow connection joins once.
 */
export async function api<T = any>(method: string, path: string, init: { token?: string; body?: unknown; idempotent?: boolean } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.idempotent) headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(path, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const text = await response.text();
  let body: any = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { title: text.slice(0, 200) };
  }
  return { status: response.status, body, headers: response.headers };
}

/** What a person reads for a problem: the API's detail, else its title. */
export const problemText = (answer: Answer): string => answer.body.detail ?? answer.body.title ?? `请求失败（${answer.status}）`;
