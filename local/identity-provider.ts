import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { errors, type Configuration } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { TokenClaims } from '../functions/auth/domain/credentials.js';
import { DomainError, InvalidInputError, TooManyRequestsError } from '../shared/errors.js';
import { MobileSchema } from '../shared/identity/mobile.js';
import type { ProvinceConfig } from '../infra/provinces/schema.js';
import { securityHeaders } from '../web/headers.js';
import { LOCAL_AUDIENCE, type LocalIssuer } from './tokens.js';

/** The web pages' client at the local identity provider: public (no secret), PKCE S256. */
export const LOCAL_WEB_CLIENT_ID = 'union-web';
/** The pages that sign in, each its own redirect URI (docs/adr/0031). */
export const SIGN_IN_PAGES = ['/join', '/me', '/console'] as const;
/** As long as a token of `POST /local/tokens`. */
const ACCESS_TOKEN_SECONDS = 12 * 3600;

/** What the dev sign-in needs of the province: its orgs, and the API's own SMS codes. */
export interface SignInPorts {
  orgs(): Promise<{ id: string; name: string }[]>;
  /** Sends a code to `mobile` for the worker `principalId` (the membership service's verification); its id. */
  sendCode(mobile: string, principalId: string): Promise<string>;
  /** Uses the verification up if `code` is right; throws the API's 400 otherwise. */
  proveMobile(input: { verificationId: string; code: string; mobile: string }, principalId: string): Promise<void>;
}

/** The pages built for the local province: the local provider instead of the province's. */
export function localSignIn(issuer: LocalIssuer): ProvinceConfig['jwt'] {
  return { issuer: issuer.issuer, audience: LOCAL_AUDIENCE, webClientId: LOCAL_WEB_CLIENT_ID };
}

/**
 * The worker account a mobile signs in as: the same one at every sign-in and restart (the key is
 * kept in `.local/`), never the number itself, which would then sit in every token and log line.
 */
export function workerSubject(issuer: LocalIssuer, mobile: string): string {
  return `m-${createHmac('sha256', issuer.signingJwk.d!).update(`worker-subject\u0000${mobile}`).digest('base64url').slice(0, 24)}`;
}

const STAFF_ROLES = { org_admin: '工会工作人员', province_admin: '省总工会管理员' } as const;
type StaffRole = keyof typeof STAFF_ROLES;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...securityHeaders('other') });
  res.end(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录（本地开发）</title>
<link rel="stylesheet" href="/assets/join.css">
</head>
<body>
<header class="banner"><p class="org">本地身份认证（代替省级统一身份认证）</p><h1>登录</h1></header>
<main>${body}</main>
</body>
</html>`);
}

const field = (id: string, label: string, control: string, error = '') =>
  `<div class="field"><label for="${id}">${label}</label>${control}<p id="${id}-error" class="error" aria-live="polite">${escape(error)}</p></div>`;

/** The first step: a worker asks for a code, or staff pick an org and a role. Plain forms, no script (the site's CSP). */
function choosePage(action: string, orgs: { id: string; name: string }[], errors: { mobile?: string; staff?: string } = {}, mobile = ''): string {
  const options = orgs.map((org) => `<option value="${escape(org.id)}">${escape(org.name)}</option>`).join('');
  const roles = Object.entries(STAFF_ROLES).map(([role, label]) => `<option value="${role}">${label}</option>`).join('');
  return `
<form class="action" method="post" action="${action}/code">
  <h2>工人登录</h2>
  <p class="hint">输入手机号，验证码会出现在本地短信发件箱（GET /local/sms?mobile=…）。</p>
  ${field('mobile', '手机号', `<input id="mobile" name="mobile" inputmode="numeric" autocomplete="tel" value="${escape(mobile)}" required${errors.mobile ? ' aria-invalid="true"' : ''} aria-describedby="mobile-error">`, errors.mobile)}
  <button class="primary" type="submit">获取验证码</button>
</form>
<form class="action" method="post" action="${action}/staff">
  <h2>工作人员登录</h2>
  ${field('org', '工会', `<select id="org" name="orgId" required>${options}</select>`)}
  ${field('role', '身份', `<select id="role" name="role">${roles}</select>`, errors.staff)}
  <button class="primary" type="submit">登录</button>
</form>`;
}

function codePage(action: string, input: { mobile: string; verificationId: string }, error = ''): string {
  return `
<form class="action" method="post" action="${action}/worker">
  <h2>工人登录</h2>
  <p class="hint">验证码已发送至 ${escape(input.mobile.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2'))}，5 分钟内有效。</p>
  <input type="hidden" name="mobile" value="${escape(input.mobile)}">
  <input type="hidden" name="verificationId" value="${escape(input.verificationId)}">
  ${field('code', '验证码', `<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required${error ? ' aria-invalid="true"' : ''} aria-describedby="code-error">`, error)}
  <button class="primary" type="submit">登录</button>
</form>`;
}

/** The API's answer to a code, as a person reads it on this page. */
function codeProblem(error: unknown): string {
  if (error instanceof TooManyRequestsError) return `发送太频繁，请 ${error.retryAfterSeconds} 秒后再试`;
  if (error instanceof InvalidInputError) {
    const path = error.errors?.[0]?.path ?? '';
    if (path.endsWith('.code')) return '验证码不对，请重新输入';
    if (path.endsWith('.verificationId')) return '验证码已失效，请返回重新获取';
    return '手机号无法接收短信';
  }
  throw error;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The library's in-memory store under a name of its own: keeping grants and sessions in memory is
 * this stand-in's intent, so the library's warning against its default adapter does not apply.
 */
class LocalMemoryAdapter extends MemoryAdapter {}

export interface LocalIdentityProvider {
  /** Whether a request path is the provider's (under the issuer's path). */
  owns(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * The local stand-in for the province's identity provider: npm `oidc-provider` at the local
 * issuer's URL, signing with the local issuer's key, so its access tokens (JWTs for the audience
 * `union-services`, with `role` and `orgId`) pass the authorizer as `POST /local/tokens`' do.
 * The web pages sign in here by authorization code + PKCE exactly as they would at the province's.
 * Its login page is the dev sign-in: a worker proves a mobile with the API's own SMS code (the
 * local outbox shows it), staff pick an org and a role. Grants, codes and sessions live in memory.
 */
export function localIdentityProvider(issuer: LocalIssuer, ports: SignInPorts): LocalIdentityProvider {
  const { origin, pathname } = new URL(issuer.issuer);
  // The pages are opened at 127.0.0.1 or at localhost (the README says the latter): both are this site.
  const siteOrigins = [...new Set([origin, origin.replace('//127.0.0.1', '//localhost')])];
  const mount = pathname.replace(/\/$/, '');
  const interactionPath = `${mount}/interaction/`;
  // A resource indicator is an absolute URI (RFC 8707); its tokens' audience is the API's.
  const apiResource = `${origin}/v1`;
  // Who each account is: filled at sign-in; a restart forgets it and the pages sign in again.
  const accounts = new Map<string, TokenClaims & { orgId?: string }>();

  const configuration: Configuration = {
    adapter: LocalMemoryAdapter,
    clients: [
      {
        client_id: LOCAL_WEB_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: siteOrigins.flatMap((site) => SIGN_IN_PAGES.map((path) => `${site}${path}`)),
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [issuer.signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid'],
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // The pages ask for no resource: every token is for the API, as the province's provider is asked to do.
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource) {
          if (resource !== apiResource) throw new errors.InvalidTarget();
          return { scope: '', audience: LOCAL_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: ACCESS_TOKEN_SECONDS, jwt: { sign: { alg: 'ES256', kid: issuer.signingJwk.kid! } } };
        },
      },
    },
    ttl: { Interaction: 10 * 60, Session: ACCESS_TOKEN_SECONDS, Grant: ACCESS_TOKEN_SECONDS },
    // The pages' fetches carry their origin, which is this site's: no other origin may call the token endpoint.
    clientBasedCORS: (_ctx, requestOrigin) => siteOrigins.includes(requestOrigin),
    findAccount: (_ctx, sub) => (accounts.has(sub) ? { accountId: sub, claims: () => ({ sub }) } : undefined),
    extraTokenClaims(_ctx, token) {
      const claims = 'accountId' in token ? accounts.get(token.accountId) : undefined;
      return claims ? { role: claims.role, ...(claims.orgId ? { orgId: claims.orgId } : {}) } : undefined;
    },
    // A first-party client: what the pages ask for is granted without a consent screen.
    async loadExistingGrant(ctx) {
      const { client, session, provider } = ctx.oidc;
      const grantId = session?.grantIdFor(client!.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
      grant.addOIDCScope('openid');
      grant.addResourceScope(apiResource, '');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `${interactionPath}${interaction.uid}` },
  };
  const provider = new Provider(issuer.issuer, configuration);
  const callback = provider.callback();

  const signInAs = (req: IncomingMessage, res: ServerResponse, claims: TokenClaims & { orgId?: string }) => {
    accounts.set(claims.sub, claims);
    return provider.interactionFinished(req, res, { login: { accountId: claims.sub } }, { mergeWithLastSubmission: false });
  };

  async function interact(req: IncomingMessage, res: ServerResponse, uid: string, step: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
    const action = `${interactionPath}${uid}`;
    if (req.method === 'GET' && !step) return page(res, 200, choosePage(action, await ports.orgs()));
    if (req.method !== 'POST') return page(res, 405, '<p class="page-message">请从登录页提交。</p>');
    const form = await formOf(req);
    if (step === 'staff') {
      const orgs = await ports.orgs();
      const org = orgs.find((candidate) => candidate.id === form.get('orgId'));
      const role = form.get('role') as StaffRole;
      if (!org || !Object.hasOwn(STAFF_ROLES, role)) return page(res, 400, choosePage(action, orgs, { staff: '请选择工会和身份' }));
      // One staff account per org and role, so the audit log names the same person each time.
      return signInAs(req, res, role === 'org_admin' ? { sub: `staff-${org.id}`, role, orgId: org.id } : { sub: 'province-admin', role, orgId: org.id });
    }
    const mobile = MobileSchema.safeParse(form.get('mobile') ?? '');
    if (!mobile.success) return page(res, 400, choosePage(action, await ports.orgs(), { mobile: '请输入 11 位手机号' }, form.get('mobile') ?? ''));
    const sub = workerSubject(issuer, mobile.data);
    if (step === 'code') {
      try {
        const verificationId = await ports.sendCode(mobile.data, `worker:${sub}`);
        return page(res, 200, codePage(action, { mobile: mobile.data, verificationId }));
      } catch (error) {
        return page(res, error instanceof DomainError ? error.status : 500, choosePage(action, await ports.orgs(), { mobile: codeProblem(error) }, mobile.data));
      }
    }
    if (step === 'worker') {
      const input = { mobile: mobile.data, verificationId: form.get('verificationId') ?? '', code: (form.get('code') ?? '').trim() };
      try {
        await ports.proveMobile(input, `worker:${sub}`);
      } catch (error) {
        return page(res, 400, codePage(action, input, codeProblem(error)));
      }
      return signInAs(req, res, { sub, role: 'worker' });
    }
    return page(res, 404, '<p class="page-message">没有这个页面。</p>');
  }

  return {
    owns: (path) => path === mount || path.startsWith(`${mount}/`),
    handle(req, res) {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith(interactionPath)) {
        const [uid, step] = url.pathname.slice(interactionPath.length).split('/');
        interact(req, res, uid ?? '', step).catch((error: Error) => {
          const expired = error instanceof errors.SessionNotFound;
          page(res, expired ? 400 : 500, `<p class="page-message">${expired ? '登录已过期，请回到原页面重新登录。' : '登录失败，请稍后重试。'}</p>`);
        });
        return;
      }
      // oidc-provider finds its mount path from `originalUrl`, as under Express's `app.use(path, …)`.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = (req.url ?? '/').slice(mount.length) || '/';
      void callback(req, res);
    },
  };
}
