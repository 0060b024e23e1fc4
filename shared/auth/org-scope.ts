import type { Caller } from './caller.js';

/** The part of an org that decides who may act on it. */
export interface ScopedOrg {
  id: string;
  /** Ids from the root down to the org's parent. */
  ancestors: readonly string[];
}

/**
 * Union staff act only inside their own org's subtree; a province admin acts anywhere.
 * Everyone else has no org scope.
 */
export function isInScope(caller: Caller, org: ScopedOrg): boolean {
  if (caller.role === 'province_admin') return true;
  if (caller.role !== 'org_admin') return false;
  return org.id === caller.orgId || org.ancestors.includes(caller.orgId);
}

/**
 * The org if it exists and the caller may act on it; otherwise `notFound()` is thrown. Both
 * cases answer the same, so an org outside the caller's subtree is never confirmed to exist.
 */
export function orgInScope<T extends ScopedOrg>(caller: Caller, org: T | undefined, notFound: () => Error): T {
  if (!org || !isInScope(caller, org)) throw notFound();
  return org;
}
