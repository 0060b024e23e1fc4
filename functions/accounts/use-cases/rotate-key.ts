import type { Clock } from '../../../shared/ports.js';
import { AccountNotFoundError, rotation } from '../domain/account.js';
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
 * 2. Decide the previous key's fate (revoked at once, or working for the overlap asked for)
 *    and the earlier kept keys' (all revoked by a rotation without overlap; see `rotation`).
 * 3. Register the new key, retire the previous one and revoke the earlier ones in one
 *    transaction, on the condition that nobody rotated the key since step 1 (a simultaneous
 *    rotation is 409).
 */
export async function rotateKey(accountId: string, keepPreviousForHours: number, ports: RotateKeyPorts): Promise<{ apiKey: string }> {
  const account = await ports.accounts.get(accountId);
  if (!account) throw new AccountNotFoundError(accountId);
  const { apiKey, keyHash } = ports.keys.issue();
  const { after, previous, revoked } = rotation(account, keyHash, keepPreviousForHours, ports.clock.now());
  await ports.accounts.replaceKey(account, after, previous, revoked);
  return { apiKey };
}
