import { api } from './api.js';

export interface Claims {
  sub: string;
  role: 'worker' | 'org_admin' | 'province_admin';
  orgId?: string;
}

/**
 * A token signed by the local issuer (`POST /local/tokens`, the local gateway's dev sign-in).
 * The deployed site has no such route: there workers and staff sign in with the province's
 * identity provider, which these pages do not do yet (docs/adr/0023).
 */
export async function devToken(claims: Claims): Promise<string> {
  const answer = await api<{ token: string }>('POST', '/local/tokens', { body: claims });
  if (answer.status !== 200) throw new Error('本地登录不可用：请通过 npm start 启动的本地网关打开此页');
  return answer.body.token;
}

/** Where the worker's pages (join, my membership) keep the worker's session. */
export const WORKER_SESSION = 'union.worker';

/**
 * The session a page keeps in this browser tab's origin: the same worker comes back to the same
 * membership (the e-card) after a reload.
 */
export function storedSession(key: string): { claims: Claims; token: string } | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null');
    return value && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeSession(key: string, session: { claims: Claims; token: string } | undefined): void {
  if (session) localStorage.setItem(key, JSON.stringify(session));
  else localStorage.removeItem(key);
}
