import { z } from 'zod';
import type { Role } from '../../../shared/topology.js';
import type { Caller } from '../../../shared/auth/caller.js';

/** The claims a worker's or staff member's JWT must carry, beyond a valid signature, issuer and expiry. */
export const TokenClaimsSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('worker'), sub: z.string().min(1) }),
  z.object({ role: z.literal('org_admin'), sub: z.string().min(1), orgId: z.string().min(1) }),
  z.object({ role: z.literal('province_admin'), sub: z.string().min(1) }),
]);

export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

export type Credential = { kind: 'bearer'; token: string } | { kind: 'apiKey'; key: string };

/**
 * The credential a request presents: a bearer token or an API key. Presenting both, or an
 * Authorization header that is not a bearer token, is no credential at all.
 */
export function presentedCredential(headers: Record<string, string | undefined>): Credential | undefined {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const authorization = lower.authorization?.trim();
  const apiKey = lower['x-api-key']?.trim();
  if (authorization && apiKey) return undefined;
  if (apiKey) return { kind: 'apiKey', key: apiKey };
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i);
  return bearer ? { kind: 'bearer', token: bearer[1]! } : undefined;
}

export const callerFromClaims = (claims: TokenClaims): Caller => ({ ...claims, principalId: `${claims.role}:${claims.sub}` });

export const callerFromAccount = (account: { accountId: string; kind: 'partner' | 'donor' | 'employer'; name: string }): Caller => ({
  role: account.kind,
  accountId: account.accountId,
  name: account.name,
  principalId: `account:${account.accountId}`,
});

/** Whether a route's allow-list admits the caller's role. */
export const isAllowed = (allow: readonly Role[], caller: Caller): boolean => allow.includes(caller.role);
