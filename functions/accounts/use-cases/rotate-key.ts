import type { Clock } from '../../../shared/ports.js';
import { AccountNotFoundError, retirePreviousKey, revokedByRotation, rotatedAccount } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';
import type { KeyIssuer } from './create-account.js';

export interface RotateKeyPorts {
  accounts: Pick<AccountRepository, 'get' | 'replaceKey'>;
  keys: KeyIssuer;
  clock: Clock;
}

/**
 * Issues an account a new API key.
 *
 * 1. Load the account (404 when there is none).
 * 2. Decide the previous key's fate: revoked at once, or working for the overlap asked for.
 *    A key an earlier rotation kept working is revoked at once either way.
 * 3. Register the new key, retire the previous one and revoke the older one in one transaction,
 *    on the condition that nobody rotated the key since step 1 (a simultaneous rotation is 409).
 */
export async function rotateKey(accountId: string, keepPreviousForHours: number, ports: RotateKeyPorts): Promise<{ apiKey: string }> {
  const account = await ports.accounts.get(accountId);
  if (!account) throw new AccountNotFoundError(accountId);
  const previous = retirePreviousKey(account, keepPreviousForHours, ports.clock.now());
  const { apiKey, keyHash } = ports.keys.issue();
  await ports.accounts.replaceKey(account, rotatedAccount(account, keyHash, previous), previous, revokedByRotation(account));
  return { apiKey };
}
