import type { Clock, Ids } from '../../../shared/ports.js';
import type { UsageKeys } from '../../../shared/usage-keys.js';
import { chooseTier, type Account, type AccountKind } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';

export interface KeyIssuer {
  /** A new random API key and the hash it is stored under. */
  issue(): { apiKey: string; keyHash: string };
}

export interface CreateAccountPorts {
  accounts: Pick<AccountRepository, 'create'>;
  keys: KeyIssuer;
  usageKeys: UsageKeys;
  clock: Clock;
  ids: Ids;
}

/**
 * Registers a partner, donor or employer account.
 *
 * 1. Choose its usage tier: the one asked for, `standard` by default; a tier the province does
 *    not configure is 400 naming `body.tier`.
 * 2. Issue a new API key (only its hash is kept) and a usage key, and register the usage key
 *    with the tier first: an account that exists is always throttled by its tier. A commit that
 *    then fails leaves an unused usage key, which nobody can present (only the authorizer does,
 *    and only stored ones).
 * 3. Write the account, the reservation of its credit code for its kind, and the key's
 *    registration in one transaction: a second account of the same kind and credit code is 409.
 * 4. Answer with the key: the only time anyone sees it.
 */
export async function createAccount(
  input: { kind: AccountKind; name: string; creditCode: string; tier?: string | undefined },
  ports: CreateAccountPorts,
): Promise<{ account: Account; apiKey: string }> {
  const { tier: requested, ...fields } = input;
  const tier = chooseTier(requested, ports.usageKeys.tiers);
  const { apiKey, keyHash } = ports.keys.issue();
  const account: Account = { id: ports.ids.next('acc'), ...fields, createdAt: ports.clock.now().toISOString(), keyHash, tier, usageKey: ports.ids.next('usk') };
  await ports.usageKeys.register({ accountId: account.id, tier, usageKey: account.usageKey! });
  await ports.accounts.create(account);
  return { account, apiKey };
}
