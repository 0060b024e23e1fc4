import type { AccountCaller } from './caller.js';

/** Who holds a live API key, as the authorizer needs to know it. */
export interface KeyOwner {
  accountId: string;
  kind: AccountCaller['role'];
  name: string;
  /** The account's usage key, which the authorizer hands the gateway for per-account throttling. */
  usageKey?: string;
}

/**
 * The port through which the authorizer finds the owner of an API key (by the key's hash),
 * without knowing which service keeps accounts or how. Undefined for an unknown or revoked key.
 */
export type FindKeyOwner = (keyHash: string) => Promise<KeyOwner | undefined>;
