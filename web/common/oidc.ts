import { storedSession, storeSession, type Claims, type Session } from './session.js';
import { authorizationUrl, callbackOf, codeChallenge, idTokenMatches, payloadOf, randomSecret, tokenRequest, type IdentityProvider } from './pkce.js';

/** Where a sign-in under way keeps its secrets: this tab only, until the provider sends the browser back. */
const PENDING = 'union.sign-in';

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  /** The page's address before the sign-in (the join page's carries its join link). */
  returnTo: string;
}

/** A sign-in that failed, with what the person reads. */
export class SignInError extends Error {}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

/** The provider's discovery document; one naming another issuer is refused (OIDC Discovery 4.3). */
async function discover(provider: IdentityProvider): Promise<Discovery> {
  const response = await fetch(`${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new SignInError('无法连接统一身份认证，请稍后重试。');
  const document = (await response.json()) as Discovery;
  if (document.issuer !== provider.issuer) throw new SignInError('统一身份认证的配置不符，请联系管理员。');
  return document;
}

/**
 * Sends the browser to the provider's sign-in, which sends it back to this page's path with a
 * code. `prompt: 'login'` asks the person again even when the provider remembers them.
 */
export async function signIn(options: { prompt?: 'login' } = {}, provider: IdentityProvider = PROVINCE.signIn): Promise<void> {
  const { authorization_endpoint } = await discover(provider);
  const pending: Pending = {
    state: randomSecret(),
    nonce: randomSecret(),
    verifier: randomSecret(),
    redirectUri: `${location.origin}${location.pathname}`,
    returnTo: `${location.pathname}${location.search}`,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  location.assign(authorizationUrl(authorization_endpoint, { provider, ...pending, challenge: await codeChallenge(pending.verifier), ...options }));
}

function takePending(): Pending | undefined {
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  try {
    return pending ? (JSON.parse(pending) as Pending) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finishes a sign-in when the provider has sent the browser back to this page: checks the state
 * against the one this tab sent (once: a second use of the same answer finds none), exchanges
 * the code with the verifier, checks the ID token's nonce, and keeps the session under
 * `sessionKey`. The page's address is put back as it was before the sign-in. Undefined when
 * the page was not opened by the provider; a `SignInError` when the answer is refused.
 */
export async function completeSignIn(sessionKey: string, provider: IdentityProvider = PROVINCE.signIn): Promise<Session | undefined> {
  const callback = callbackOf(location.search);
  if (!callback) return undefined;
  const pending = takePending();
  history.replaceState(null, '', pending?.returnTo ?? location.pathname);
  if (!pending || callback.state !== pending.state) throw new SignInError('登录请求无效或已使用，请重新登录。');
  if ('error' in callback) throw new SignInError(callback.error === 'access_denied' ? '登录已取消。' : `登录未完成（${callback.error}），请重新登录。`);

  const { token_endpoint } = await discover(provider);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenRequest({ provider, code: callback.code, redirectUri: pending.redirectUri, verifier: pending.verifier }),
  });
  const tokens = (await response.json().catch(() => ({}))) as { access_token?: string; id_token?: string };
  if (!response.ok || !tokens.access_token || !tokens.id_token) throw new SignInError('登录失败，请重新登录。');
  if (!idTokenMatches(payloadOf(tokens.id_token), { issuer: provider.issuer, clientId: provider.clientId, nonce: pending.nonce })) {
    throw new SignInError('登录凭证不符，请重新登录。');
  }
  // The API reads who the caller is from the access token (a JWT for its audience); so does the page.
  const { sub, role, orgId, exp } = payloadOf(tokens.access_token) as unknown as Claims & { exp?: number };
  const session: Session = {
    claims: { sub, role, ...(orgId ? { orgId } : {}) },
    token: tokens.access_token,
    ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}),
  };
  storeSession(sessionKey, session);
  return session;
}

/** The page's session: the one the provider just sent back, else the one kept from before. */
export const pageSession = async (sessionKey: string): Promise<Session | undefined> => (await completeSignIn(sessionKey)) ?? storedSession(sessionKey);
