import type { KeyOwner } from '../../../shared/auth/key-owners.js';
import type { Clock } from '../../../shared/ports.js';
import { isKeyLive } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';

/**
 * The owner of an API key, for the authorizer: undefined for a key never issued, revoked, or
 * rotated out and past the overlap its rotation allowed.
 */
export async function findKeyOwner(keyHash: string, ports: { accounts: Pick<AccountRepository, 'findKey'>; clock: Clock }): Promise<KeyOwner | undefined> {
  const key = await ports.accounts.findKey(keyHash);
  if (!key || !isKeyLive(key, ports.clock.now())) return undefined;
  return { accountId: key.accountId, kind: key.kind, name: key.name, ...(key.usageKey ? { usageKey: key.usageKey } : {}) };
}
