import type { Clock, Ids } from '../../../shared/ports.js';
import type { UsageKeys } from '../../../shared/usage-keys.js';
import { AccountNotFoundError, rotation } from '../domain/account.js';
import type { AccountRepository } from '../repository.js';
import type { KeyIssuer } from './create-account.js';

export interface RotateKeyPorts {
  accounts: Pick<AccountRepository, 'get' | 'replaceKey'>;
  keys: KeyIssuer;
  usageKeys: UsageKeys;
  clock: Clock;
  ids: Ids;
}

/**
 * Issues an account a new API key.
 *
 * 1. Load the account (404 when there is none).
 * 2. Register its usage key with its tier again (a no-op when it is registered; it completes a
 *    registration an earlier attempt left half done). The usage key stays the same across
 *    rotations, so the account's daily quota does too; an account created before usage tiers
 *    gets one now.
 * 3. Decide the previous key's fate (revoked at once, or working for the overlap asked for)
 *    and the earlier kept keys' (all revoked by a rotation without overlap; see `rotation`).
 * 4. Register the new key, retire the previous one and revoke the earlier ones in one
 *    transaction, on the condition that nobody rotated the key since step 1 (a simultaneous
 *    rotation is 409).
 */
export async function rotateKey(accountId: string, keepPreviousForHours: number, ports: RotateKeyPorts): Promise<{ apiKey: string }> {
  const found = await ports.accounts.get(accountId);
  if (!found) throw new AccountNotFoundError(accountId);
  const account = { ...found, usageKey: found.usageKey ?? ports.ids.next('usk') };
  await ports.usageKeys.register({ accountId, tier: account.tier, usageKey: account.usageKey });
  const { apiKey, keyHash } = ports.keys.issue();
  const { after, previous, revoked } = rotation(account, keyHash, keepPreviousForHours, ports.clock.now());
  await ports.accounts.replaceKey(found, after, previous, revoked);
  return { apiKey };
}
