import { z } from 'zod';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../shared/errors.js';

export const AccountKindSchema = z.enum(['partner', 'donor', 'employer']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

export interface Account {
  id: string;
  kind: AccountKind;
  name: string;
  creditCode: string;
  createdAt: string;
  /** SHA-256 of the live API key; the key itself is shown once and never stored. */
  keyHash: string;
  /** Rotated-out keys still working for their overlap (none when empty or absent). */
  retiringKeys?: RetiringKey[];
  /** The usage tier the gateway throttles the account by. */
  tier: string;
  /**
   * The account's usage key: a random identifier (not a secret) registered with its tier, which
   * the authorizer hands the gateway for every key of the account. Absent on accounts created
   * before usage tiers, until `issueMissingUsageKeys` or their next rotation gives them one.
   */
  usageKey?: string;
}

/** The tier of an account the province admin created without naming one. */
export const DEFAULT_TIER = 'standard';

/** The tier asked for, or the default; one the province does not configure is the caller's error. */
export function chooseTier(requested: string | undefined, configured: readonly string[]): string {
  const tier = requested ?? DEFAULT_TIER;
  if (!configured.includes(tier)) throw InvalidInputError.field('body.tier', `must be one of the province's usage tiers: ${configured.join(', ')}`);
  return tier;
}

/** A rotated-out key kept working until `retiresAt`. */
export interface RetiringKey {
  keyHash: string;
  retiresAt: string;
}

export class AccountNotFoundError extends NotFoundError {
  constructor(accountId: string) {
    super(`No account ${accountId}`);
  }
}

export class DuplicateAccountError extends ConflictError {
  constructor(kind: AccountKind) {
    super(`A ${kind} account with this credit code already exists`);
  }
}

/** How long a rotated-out key may keep working, so a partner can roll its fleet without downtime. */
export const MAX_KEY_OVERLAP_HOURS = 72;

/** What happens to the previous key when a new one is issued: gone at once, or retired at a set time. */
export type PreviousKey = { keyHash: string; retiresAt: null } | { keyHash: string; retiresAt: string };

/**
 * The previous key's fate on rotation: with no overlap it stops working at once; with an
 * overlap of `keepPreviousForHours` (1-72) it works until then and no longer.
 */
export function retirePreviousKey(account: Account, keepPreviousForHours: number, now: Date): PreviousKey {
  if (keepPreviousForHours < 0 || keepPreviousForHours > MAX_KEY_OVERLAP_HOURS) {
    throw new RangeError(`keepPreviousForHours must be 0-${MAX_KEY_OVERLAP_HOURS}`);
  }
  if (keepPreviousForHours === 0) return { keyHash: account.keyHash, retiresAt: null };
  return { keyHash: account.keyHash, retiresAt: new Date(now.getTime() + keepPreviousForHours * 3_600_000).toISOString() };
}

/** Rotated-out keys an account keeps working at once, at most: a runaway script rotating in a loop cannot pile up live keys. */
export const MAX_RETIRING_KEYS = 3;

/**
 * A rotation of `account` to the key `keyHash`: the account after it, the fate of the key it
 * replaces, and the earlier keys it revokes at once. Without overlap every earlier key stops at
 * once, including those an earlier rotation kept (an emergency rotation after a leak must leave
 * only the new key); with overlap the earlier kept keys keep their own retirement, so a
 * rotation retried by mistake does not cut off a fleet still on the oldest key, up to
 * `MAX_RETIRING_KEYS` (the oldest beyond it is revoked).
 */
export function rotation(account: Account, keyHash: string, keepPreviousForHours: number, now: Date): { after: Account; previous: PreviousKey; revoked: string[] } {
  const previous = retirePreviousKey(account, keepPreviousForHours, now);
  const { retiringKeys: earlier = [], ...rest } = account;
  const kept = previous.retiresAt === null ? [] : [...earlier.filter((key) => now.toISOString() < key.retiresAt), { keyHash: previous.keyHash, retiresAt: previous.retiresAt }].slice(-MAX_RETIRING_KEYS);
  const revoked = earlier.map((key) => key.keyHash).filter((hash) => !kept.some((key) => key.keyHash === hash));
  return { after: { ...rest, keyHash, ...(kept.length > 0 ? { retiringKeys: kept } : {}) }, previous, revoked };
}

/** A key registered for an account, as the authorizer finds it. */
export interface RegisteredKey {
  accountId: string;
  kind: AccountKind;
  name: string;
  /** The account's usage key, for the gateway's per-account throttling (absent on keys issued before it). */
  usageKey?: string;
  /** Set on a rotated-out key kept for an overlap. */
  retiresAt?: string;
}

/** The hashes of the keys of `account` that still work at `now`: its live key and the retiring ones not yet retired. */
export const liveKeyHashes = (account: Account, now: Date): string[] => [
  account.keyHash,
  ...(account.retiringKeys ?? []).filter((key) => now.toISOString() < key.retiresAt).map((key) => key.keyHash),
];

/** A key works until its retirement time, if it has one (TTL deletes it later, not on time). */
export const isKeyLive = (key: RegisteredKey, now: Date): boolean => key.retiresAt === undefined || now.toISOString() < key.retiresAt;
