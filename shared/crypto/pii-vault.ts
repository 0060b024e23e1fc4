import {
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  KMSClient,
  type DecryptCommandOutput,
  type GenerateDataKeyCommandOutput,
  type GenerateMacCommandOutput,
} from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { withoutSdkLogging } from '../aws-sdk.js';

export { timingSafeEqualText } from './compare.js';

/**
 * The one place personal data is encrypted and blind-indexed (design.md, "Security and personal
 * data (PIPL)"). Two implementations with the same formats and guarantees: KMS in the deployed
 * stack, a local keyring in the local runtime; {@link piiVault} picks one from the environment.
 *
 * Nothing here logs, and no error message carries a plaintext.
 */
export interface PiiVault {
  /**
   * Envelope encryption: a fresh AES-256-GCM data key per call, wrapped by the master key (KMS or
   * the local keyring). `context` (e.g. `{ membershipId }`) is bound to both layers, as KMS
   * encryption context and as GCM additional data, so a ciphertext moved to another record does
   * not decrypt. Returns one opaque string, `v1.kms.…` or `v1.local.…`.
   *
   * @example
   * const sealed = await vault.encrypt(JSON.stringify(person), { membershipId });
   */
  encrypt(plaintext: string, context: Record<string, string>): Promise<string>;
  /**
   * The plaintext of what {@link PiiVault.encrypt} returned. Throws when `context` differs from
   * the one it was encrypted under, when any part was altered, or when another key made it.
   */
  decrypt(ciphertext: string, context: Record<string, string>): Promise<string>;
  /**
   * A keyed hash (HMAC-SHA-256, base64url) of `value` for `purpose` (e.g. `'id-number'`,
   * `'join-link'`): deterministic, so equal inputs give equal MACs (a blind index), different
   * purposes give unrelated MACs, and nobody without the key can compute or test one. Compare
   * MACs with {@link timingSafeEqualText}.
   */
  mac(purpose: string, value: string): Promise<string>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Strict base64url: anything but the canonical encoding is refused, so no two texts decode alike. */
function unb64(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (b64(bytes) !== text) throw new Error('Malformed ciphertext');
  return bytes;
}

/** The context as GCM additional data: its entries sorted by key (code units, not locale). */
const additionalData = (context: Record<string, string>): Buffer =>
  Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** AES-256-GCM: `[iv, tag, ciphertext]`, each base64url. */
function seal(key: Uint8Array, plaintext: Uint8Array, aad: Buffer): [string, string, string] {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [b64(iv), b64(cipher.getAuthTag()), b64(body)];
}

/** The inverse of {@link seal}; throws unless the tag authenticates key, iv, data and `aad`. */
function open(key: Uint8Array, parts: readonly string[], aad: Buffer): Buffer {
  if (parts.length !== 3) throw new Error('Malformed ciphertext');
  const [iv, tag, body] = parts.map(unb64) as [Buffer, Buffer, Buffer];
  // A full-length tag only: Node otherwise accepts tags down to 4 bytes, which are forgeable.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Malformed ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch (cause) {
    throw new Error('Ciphertext does not authenticate under this key and context', { cause });
  }
}

/** `v1.<madeBy>.<wrappedKey>.<iv>.<tag>.<ciphertext>` → `[wrappedKey, [iv, tag, ciphertext]]`. */
function parse(ciphertext: string, madeBy: 'kms' | 'local'): [string, string[]] {
  const [version, maker, wrappedKey, ...parts] = ciphertext.split('.');
  if (version !== 'v1' || maker !== madeBy || !wrappedKey || parts.length !== 3) {
    const other = version === 'v1' && (maker === 'kms' || maker === 'local') ? ` (it was made by the ${maker} vault)` : '';
    throw new Error(`Not a v1 ${madeBy} ciphertext${other}`);
  }
  return [wrappedKey, parts];
}

/** The message both implementations MAC; a NUL cannot occur in a purpose, so none is ambiguous. */
function macMessage(purpose: string, value: string): string {
  if (!purpose || purpose.includes('\u0000')) throw new Error('A MAC purpose is a non-empty label without NUL');
  return `${purpose}\u0000${value}`;
}

/** The KMS commands the vault sends. */
export type KmsVaultCommand = GenerateDataKeyCommand | DecryptCommand | GenerateMacCommand;

/** What the KMS vault needs of a client: a `KMSClient`, or a fake with the same `send` in unit tests. */
export interface KmsSender {
  send(command: KmsVaultCommand): Promise<unknown>;
}

/** The keys of the deployed vault: ids or ARNs. */
export interface KmsVaultKeys {
  /** A symmetric encryption key (`PII_KMS_KEY_ID`) that wraps data keys. */
  encryptionKeyId: string;
  /** An `HMAC_256` key (`MAC_KMS_KEY_ID`) that computes MACs. */
  macKeyId: string;
}

/**
 * The deployed vault: KMS `GenerateDataKey` (AES_256) and `Decrypt` under the encryption context
 * wrap the data keys; KMS `GenerateMac` (HMAC_SHA_256) computes MACs. Ciphertexts are
 * `v1.kms.<wrappedKey>.<iv>.<tag>.<ciphertext>`.
 */
export function makeKmsVault(client: KmsSender, keys: KmsVaultKeys): PiiVault {
  return {
    async encrypt(plaintext, context) {
      const { Plaintext: dataKey, CiphertextBlob: wrappedKey } = (await client.send(
        new GenerateDataKeyCommand({ KeyId: keys.encryptionKeyId, KeySpec: 'AES_256', EncryptionContext: context }),
      )) as GenerateDataKeyCommandOutput;
      if (dataKey?.length !== KEY_BYTES || !wrappedKey?.length) throw new Error('KMS GenerateDataKey returned no 256-bit data key');
      try {
        return ['v1', 'kms', b64(wrappedKey), ...seal(dataKey, Buffer.from(plaintext, 'utf8'), additionalData(context))].join('.');
      } finally {
        dataKey.fill(0);
      }
    },
    async decrypt(ciphertext, context) {
      const [wrappedKey, parts] = parse(ciphertext, 'kms');
      const { Plaintext: dataKey } = (await client.send(
        new DecryptCommand({ KeyId: keys.encryptionKeyId, CiphertextBlob: unb64(wrappedKey), EncryptionContext: context }),
      )) as DecryptCommandOutput;
      if (dataKey?.length !== KEY_BYTES) throw new Error('KMS Decrypt returned no 256-bit data key');
      try {
        return open(dataKey, parts, additionalData(context)).toString('utf8');
      } finally {
        dataKey.fill(0);
      }
    },
    async mac(purpose, value) {
      const { Mac } = (await client.send(
        new GenerateMacCommand({ KeyId: keys.macKeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(macMessage(purpose, value), 'utf8') }),
      )) as GenerateMacCommandOutput;
      if (!Mac?.length) throw new Error('KMS GenerateMac returned no MAC');
      return b64(Mac);
    },
  };
}

/**
 * The local vault: one secret (`LOCAL_KEYRING`, base64url of at least 32 bytes) from which HKDF
 * derives a key-wrapping key and a MAC key under distinct labels. AES-256-GCM under the wrapping
 * key, with the context as additional data, wraps each data key; HMAC-SHA-256 under the MAC key
 * computes MACs. Ciphertexts are `v1.local.<iv~tag~wrappedKey>.<iv>.<tag>.<ciphertext>`.
 */
export function makeLocalVault(keyring: string): PiiVault {
  const secret = /^[A-Za-z0-9_-]+$/.test(keyring) ? Buffer.from(keyring, 'base64url') : Buffer.alloc(0);
  if (secret.length < KEY_BYTES) throw new Error('LOCAL_KEYRING must be base64url of at least 32 random bytes (see newLocalKeyring())');
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, KEY_BYTES));
  const wrappingKey = derive('union-services/pii-wrapping-key');
  const macKey = derive('union-services/mac-key');
  return {
    async encrypt(plaintext, context) {
      const aad = additionalData(context);
      const dataKey = randomBytes(KEY_BYTES);
      // The wrapped plaintext is the data key's base64url text: the format ciphertexts kept under
      // `.local/` by `npm start` were written in.
      const keyText = Buffer.from(dataKey.toString('base64url'), 'utf8');
      try {
        return ['v1', 'local', seal(wrappingKey, keyText, aad).join('~'), ...seal(dataKey, Buffer.from(plaintext, 'utf8'), aad)].join('.');
      } finally {
        dataKey.fill(0);
        keyText.fill(0);
      }
    },
    async decrypt(ciphertext, context) {
      const aad = additionalData(context);
      const [wrappedKey, parts] = parse(ciphertext, 'local');
      const keyText = open(wrappingKey, wrappedKey.split('~'), aad);
      const dataKey = unb64(keyText.toString('utf8'));
      keyText.fill(0);
      try {
        if (dataKey.length !== KEY_BYTES) throw new Error('Malformed ciphertext');
        return open(dataKey, parts, aad).toString('utf8');
      } finally {
        dataKey.fill(0);
      }
    },
    async mac(purpose, value) {
      return b64(createHmac('sha256', macKey).update(macMessage(purpose, value), 'utf8').digest());
    },
  };
}

/**
 * A fresh secret for `LOCAL_KEYRING`: base64url of 32 random bytes.
 *
 * @example
 * const env = { LOCAL_KEYRING: newLocalKeyring() };
 */
export const newLocalKeyring = (): string => randomBytes(KEY_BYTES).toString('base64url');

let kmsClient: KMSClient | undefined;
const vaults = new Map<string, PiiVault>();

function cached(id: string, make: () => PiiVault): PiiVault {
  let vault = vaults.get(id);
  if (!vault) {
    vault = make();
    vaults.set(id, vault);
  }
  return vault;
}

/**
 * The vault this environment configures, created once per configuration: KMS when
 * `PII_KMS_KEY_ID` and `MAC_KMS_KEY_ID` are set (the deployed stack; one `KMSClient` for the
 * container), else the local keyring when `LOCAL_KEYRING` is (the local runtime). Throws, naming
 * the variables, when neither is configured or only one of the two KMS keys is.
 *
 * @example
 * const blindIndex = await piiVault().mac('id-number', idNumber);
 */
export function piiVault(env: NodeJS.ProcessEnv = process.env): PiiVault {
  const { PII_KMS_KEY_ID: encryptionKeyId, MAC_KMS_KEY_ID: macKeyId, LOCAL_KEYRING: keyring } = env;
  if (encryptionKeyId && macKeyId) {
    return cached(`kms\u0000${encryptionKeyId}\u0000${macKeyId}`, () => makeKmsVault((kmsClient ??= withoutSdkLogging(new KMSClient({}))), { encryptionKeyId, macKeyId }));
  }
  if (encryptionKeyId || macKeyId) {
    // Half a KMS configuration is a broken deployment: never fall back to a local key there.
    throw new Error(`${encryptionKeyId ? 'MAC_KMS_KEY_ID' : 'PII_KMS_KEY_ID'} is not set: the KMS vault needs both PII_KMS_KEY_ID and MAC_KMS_KEY_ID`);
  }
  if (keyring) return cached(`local\u0000${keyring}`, () => makeLocalVault(keyring));
  throw new Error('No PII keys configured: set PII_KMS_KEY_ID and MAC_KMS_KEY_ID (KMS, deployed) or LOCAL_KEYRING (local runtime)');
}
