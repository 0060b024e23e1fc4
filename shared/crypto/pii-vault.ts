import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The one place personal data is encrypted and blind-indexed (design.md, PIPL).
 *
 * - `encrypt`/`decrypt`: envelope encryption. A fresh AES-256-GCM data key per value; the data
 *   key is wrapped by the master key (KMS in AWS, the local keyring locally) and `context` is
 *   bound to both layers, so a ciphertext moved to another record does not decrypt.
 * - `mac`: a keyed HMAC-SHA-256, deterministic, so equal inputs can be found again (the blind
 *   index of an ID number) without the value being stored; useless without the key.
 */
export interface PiiVault {
  encrypt(plaintext: string, context: Record<string, string>): Promise<string>;
  decrypt(ciphertext: string, context: Record<string, string>): Promise<string>;
  mac(purpose: string, value: string): Promise<string>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');
const canonical = (context: Record<string, string>) => JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b)));

function seal(dataKey: Uint8Array, plaintext: string, context: Record<string, string>) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv).setAAD(Buffer.from(canonical(context)));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [b64(iv), b64(cipher.getAuthTag()), b64(body)];
}

function open(dataKey: Uint8Array, parts: string[], context: Record<string, string>): string {
  const [iv, tag, body] = parts.map(unb64) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv('aes-256-gcm', dataKey, iv).setAAD(Buffer.from(canonical(context)));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

function parse(ciphertext: string, kind: 'kms' | 'local'): [string, string[]] {
  const [version, madeBy, wrappedKey, ...parts] = ciphertext.split('.');
  if (version !== 'v1' || madeBy !== kind || !wrappedKey || parts.length !== 3) {
    throw new Error(`Not a v1 ${kind} ciphertext`);
  }
  return [wrappedKey, parts];
}

/** The deployed vault: KMS wraps data keys (symmetric key) and computes MACs (HMAC_256 key). */
export function makeKmsVault(
  client: Pick<KMSClient, 'send'>,
  keys: { encryptionKeyId: string; macKeyId: string },
): PiiVault {
  return {
    async encrypt(plaintext, context) {
      const dataKey = await client.send(
        new GenerateDataKeyCommand({ KeyId: keys.encryptionKeyId, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      const sealed = seal(dataKey.Plaintext!, plaintext, context);
      dataKey.Plaintext!.fill(0);
      return ['v1', 'kms', b64(dataKey.CiphertextBlob!), ...sealed].join('.');
    },
    async decrypt(ciphertext, context) {
      const [wrappedKey, parts] = parse(ciphertext, 'kms');
      const { Plaintext } = await client.send(
        new DecryptCommand({ KeyId: keys.encryptionKeyId, CiphertextBlob: unb64(wrappedKey), EncryptionContext: context }),
      );
      return open(Plaintext!, parts, context);
    },
    async mac(purpose, value) {
      const { Mac } = await client.send(
        new GenerateMacCommand({ KeyId: keys.macKeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(`${purpose}\u0000${value}`) }),
      );
      return b64(Mac!);
    },
  };
}

/**
 * The local vault: one secret (`LOCAL_KEYRING`) from which HKDF derives a key-wrapping key and
 * a MAC key. Same formats and guarantees as KMS, minus the hardware.
 */
export function makeLocalVault(keyring: string): PiiVault {
  const secret = unb64(keyring);
  if (secret.length < 32) throw new Error('LOCAL_KEYRING must hold at least 32 bytes (base64url)');
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));
  const wrappingKey = derive('union-services/pii-wrapping-key');
  const macKey = derive('union-services/mac-key');
  return {
    async encrypt(plaintext, context) {
      const dataKey = randomBytes(32);
      const wrapped = seal(wrappingKey, dataKey.toString('base64url'), context).join('~');
      const sealed = seal(dataKey, plaintext, context);
      dataKey.fill(0);
      return ['v1', 'local', wrapped, ...sealed].join('.');
    },
    async decrypt(ciphertext, context) {
      const [wrapped, parts] = parse(ciphertext, 'local');
      const dataKey = unb64(open(wrappingKey, wrapped.split('~'), context));
      return open(dataKey, parts, context);
    },
    async mac(purpose, value) {
      return b64(createHmac('sha256', macKey).update(`${purpose}\u0000${value}`).digest());
    },
  };
}

/** A fresh secret for `LOCAL_KEYRING`. */
export const newLocalKeyring = (): string => randomBytes(32).toString('base64url');

const vaults = new Map<string, PiiVault>();

/**
 * The vault this environment configures: KMS when `PII_KMS_KEY_ID` and `MAC_KMS_KEY_ID` are
 * set (the deployed stack), the local keyring when `LOCAL_KEYRING` is (the local runtime).
 */
export function piiVault(env: NodeJS.ProcessEnv = process.env): PiiVault {
  const { PII_KMS_KEY_ID: encryptionKeyId, MAC_KMS_KEY_ID: macKeyId, LOCAL_KEYRING: keyring } = env;
  const id = encryptionKeyId && macKeyId ? `kms:${encryptionKeyId}:${macKeyId}` : keyring ? `local:${keyring}` : undefined;
  if (!id) throw new Error('Configure PII_KMS_KEY_ID and MAC_KMS_KEY_ID (KMS) or LOCAL_KEYRING (local runtime)');
  let vault = vaults.get(id);
  if (!vault) {
    vault = encryptionKeyId && macKeyId ? makeKmsVault(new KMSClient({}), { encryptionKeyId, macKeyId }) : makeLocalVault(keyring!);
    vaults.set(id, vault);
  }
  return vault;
}
