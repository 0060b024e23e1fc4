import { createHmac } from 'node:crypto';
import type { PiiVault } from './pii-vault.js';

/** The MAC purpose under which fingerprint keys are derived; no blind index is ever made under it. */
const FINGERPRINT_KEY_PURPOSE = 'fingerprint-key';

const keys = new WeakMap<Pick<PiiVault, 'mac'>, Map<string, Promise<Buffer>>>();

/**
 * A keyed fingerprint for values a service only compares with what it stored before (a roster
 * row against the rider it last wrote), never looks up or shares: HMAC-SHA-256 under a key the
 * vault's MAC key derives for `purpose`. The key costs one MAC call (one KMS request deployed)
 * per vault and purpose for the life of the container; every fingerprint after it is computed in
 * memory. Without the vault's key nobody can compute one, so a fingerprint of a row holding an
 * ID number cannot be tested against guesses.
 *
 * @example
 * const fingerprint = await fingerprinter(vault, 'roster-row');
 * if (fingerprint(JSON.stringify(row)) === stored.rowFingerprint) return 'unchanged';
 */
export async function fingerprinter(vault: Pick<PiiVault, 'mac'>, purpose: string): Promise<(value: string) => string> {
  let byPurpose = keys.get(vault);
  if (!byPurpose) keys.set(vault, (byPurpose = new Map()));
  let key = byPurpose.get(purpose);
  if (!key) {
    key = vault.mac(FINGERPRINT_KEY_PURPOSE, purpose).then((mac) => Buffer.from(mac, 'base64url'));
    // A failed derivation is not kept: the next call asks the vault again.
    key.catch(() => byPurpose.delete(purpose));
    byPurpose.set(purpose, key);
  }
  const secret = await key;
  return (value) => createHmac('sha256', secret).update(value, 'utf8').digest('base64url');
}
