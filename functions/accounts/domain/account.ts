import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';

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
  /** SHA-256 of the key the last rotation kept working for an overlap, if it did. */
  retiringKeyHash?: string;
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

/**
 * The account after a rotation to `keyHash`: the key it replaces is remembered while it works
 * for an overlap, and only that one. An older key still in its own overlap is revoked by the
 * rotation (`revokedByRotation`), so an account has two working keys at most, and an emergency
 * rotation without overlap stops every key but the new one, however many rotations came before.
 */
export function rotatedAccount(account: Account, keyHash: string, previous: PreviousKey): Account {
  const { retiringKeyHash: _replaced, ...rest } = account;
  return { ...rest, keyHash, ...(previous.retiresAt === null ? {} : { retiringKeyHash: account.keyHash }) };
}

/** Keys a rotation of `account` revokes at once, besides the key it replaces. */
export const revokedByRotation = (account: Account): string[] => (account.retiringKeyHash ? [account.retiringKeyHash] : []);

/** A key registered for an account, as the authorizer finds it. */
export interface RegisteredKey {
  accountId: string;
  kind: AccountKind;
  name: string;
  /** Set on a rotated-out key kept for an overlap. */
  retiresAt?: string;
}

/** A key works until its retirement time, if it has one (TTL deletes it later, not on time). */
export const isKeyLive = (key: RegisteredKey, now: Date): boolean => key.retiresAt === undefined || now.toISOString() < key.retiresAt;
