/** Who a token says the caller is (the claims the API's authorizer reads). */
export interface Claims {
  sub: string;
  role: 'worker' | 'org_admin' | 'province_admin';
  orgId?: string;
}

/** A signed-in person: the access token the pages call the API with, its claims and when it expires. */
export interface Session {
  claims: Claims;
  token: string;
  /** Milliseconds since the epoch; a session past it is gone. */
  expiresAt?: number;
}

/** Where the worker's pages (join, my membership) keep the worker's session. */
export const WORKER_SESSION = 'union.worker';
/** Where the staff console keeps its session. */
export const STAFF_SESSION = 'union.staff';

/**
 * The session a page keeps in this browser's origin: the same worker comes back to the same
 * membership (the e-card) after a reload, until the token expires.
 */
export function storedSession(key: string): Session | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (!value || typeof value.token !== 'string') return undefined;
    if (typeof value.expiresAt === 'number' && value.expiresAt <= Date.now()) {
      localStorage.removeItem(key);
      return undefined;
    }
    return value;
  } catch {
    return undefined;
  }
}

export function storeSession(key: string, session: Session | undefined): void {
  if (session) localStorage.setItem(key, JSON.stringify(session));
  else localStorage.removeItem(key);
}
