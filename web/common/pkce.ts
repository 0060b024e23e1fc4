/**
 * The pure steps of OIDC authorization code + PKCE for a public client (RFC 6749, RFC 7636,
 * OpenID Connect Core 1.0): no DOM, no storage, so they run and are tested in Node as in a page.
 */

/** What the pages sign in with, compiled in per province (`web/build.ts`). */
export interface IdentityProvider {
  issuer: string;
  clientId: string;
  scopes: readonly string[];
}

export const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** 32 random bytes, base64url: 43 characters, as RFC 7636 asks of a code verifier; also a state or nonce. */
export const randomSecret = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The authorization request the browser is sent to. */
export function authorizationUrl(
  endpoint: string,
  request: { provider: IdentityProvider; redirectUri: string; state: string; nonce: string; challenge: string; prompt?: 'login' },
): string {
  const url = new URL(endpoint);
  const { provider } = request;
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: request.redirectUri,
    scope: provider.scopes.join(' '),
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    ...(request.prompt ? { prompt: request.prompt } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

export type Callback = { code: string; state: string } | { error: string; description?: string; state?: string };

/** What the provider sent back to the redirect URI, or undefined when the page was opened otherwise. */
export function callbackOf(search: string): Callback | undefined {
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? undefined;
  const error = params.get('error');
  if (error) return { error, ...(params.get('error_description') ? { description: params.get('error_description')! } : {}), ...(state ? { state } : {}) };
  const code = params.get('code');
  return code && state ? { code, state } : undefined;
}

/** The token request body (a public client: the verifier instead of a secret). */
export function tokenRequest(input: { provider: IdentityProvider; code: string; redirectUri: string; verifier: string }): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    client_id: input.provider.clientId,
    code_verifier: input.verifier,
  });
}

/** A JWT's payload, read without checking its signature (the API checks it; the page only reads claims). */
export function payloadOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

/**
 * Whether an ID token received from the token endpoint is for this sign-in: its issuer, its
 * audience this client, and the nonce this sign-in sent (OIDC Core 3.1.3.7; received straight from
 * the token endpoint over TLS, its signature need not be checked by the client).
 */
export function idTokenMatches(payload: Record<string, unknown>, expected: { issuer: string; clientId: string; nonce: string }): boolean {
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return payload.iss === expected.issuer && audience.includes(expected.clientId) && payload.nonce === expected.nonce;
}
