import type { Clock, Ids } from '../../../shared/ports.js';
import type { UsageKeys } from '../../../shared/usage-keys.js';
import { liveKeyHashes, type Account } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';

export interface IssueUsageKeysPorts {
  accounts: Pick<AccountRepository, 'allAccounts' | 'get' | 'addUsageKey'>;
  usageKeys: UsageKeys;
  clock: Clock;
  ids: Ids;
}

export interface UsageKeyCounts {
  /** Accounts that had no usage key and got one. */
  issued: number;
  /** Accounts that had one already (or got one from a rotation while this ran). */
  skipped: number;
  /** Accounts left without one; running again retries them. */
  failed: number;
}

export interface IssueUsageKeysOptions {
  /**
   * Registers the usage keys accounts already have again (idempotent): for a registry that
   * forgets, as the local runtime's in-memory one does at each restart.
   */
  registerExisting?: boolean;
  /** Told about each account left without a key, and why; the run goes on with the next. */
  onFailure?: (accountId: string, error: Error) => void;
}

/**
 * Gives every account created before usage keys existed one, with the same API keys, so the
 * gateway's routes that require a usage key stop refusing it (ADR 0026). Run after an upgrade,
 * again as often as wanted: an account that has a key is left alone.
 *
 * 1. Go through the accounts a page at a time.
 * 2. For one without a usage key: register a new one with its tier first (as creation does: an
 *    account never holds a key the gateway does not know), then store it on the account and on
 *    each of its live API keys, only if it still has none and its API key is unchanged.
 * 3. When that write is refused, read the account again: a rotation that gave it a usage key
 *    meanwhile wins (skipped; the key registered in step 2 stays unused, which is harmless);
 *    anything else is a failure, counted and reported, and the run goes on.
 */
export async function issueMissingUsageKeys(ports: IssueUsageKeysPorts, options: IssueUsageKeysOptions = {}): Promise<UsageKeyCounts> {
  const counts: UsageKeyCounts = { issued: 0, skipped: 0, failed: 0 };
  for await (const page of ports.accounts.allAccounts()) {
    for (const account of page) {
      try {
        counts[await issueOne(account, ports, options)] += 1;
      } catch (error) {
        counts.failed += 1;
        options.onFailure?.(account.id, error as Error);
      }
    }
  }
  return counts;
}

async function issueOne(account: Account, ports: IssueUsageKeysPorts, options: IssueUsageKeysOptions): Promise<'issued' | 'skipped'> {
  if (account.usageKey) {
    if (options.registerExisting) await ports.usageKeys.register({ accountId: account.id, tier: account.tier, usageKey: account.usageKey });
    return 'skipped';
  }
  const usageKey = ports.ids.next('usk');
  await ports.usageKeys.register({ accountId: account.id, tier: account.tier, usageKey });
  try {
    await ports.accounts.addUsageKey(account, usageKey, liveKeyHashes(account, ports.clock.now()));
    return 'issued';
  } catch (error) {
    if ((await ports.accounts.get(account.id))?.usageKey) return 'skipped';
    throw error;
  }
}
