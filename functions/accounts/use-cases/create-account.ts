import type { Clock, Ids } from '../../../shared/ports.js';
import type { Account, AccountKind } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';

export interface KeyIssuer {
  /** A new random API key and the hash it is stored under. */
  issue(): { apiKey: string; keyHash: string };
}

export interface CreateAccountPorts {
  accounts: Pick<AccountRepository, 'create'>;
  keys: KeyIssuer;
  clock: Clock;
  ids: Ids;
}

/**
 * Registers a partner, donor or employer account.
 *
 * 1. Issue a new API key; only its hash is kept.
 * 2. Write the account, the reservation of its credit code for its kind, and the key's
 *    registration in one transaction: a second account of the same kind and credit code is 409.
 * 3. Answer with the key: the only time anyone sees it.
 */
export async function createAccount(
  input: { kind: AccountKind; name: string; creditCode: string },
  ports: CreateAccountPorts,
): Promise<{ account: Account; apiKey: string }> {
  const { apiKey, keyHash } = ports.keys.issue();
  const account: Account = { id: ports.ids.next('acc'), ...input, createdAt: ports.clock.now().toISOString(), keyHash };
  await ports.accounts.create(account);
  return { account, apiKey };
}
