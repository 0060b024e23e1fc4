import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  makeKmsVault,
  makeLocalVault,
  newLocalKeyring,
  piiVault,
  timingSafeEqualText,
  type KmsVaultCommand,
  type PiiVault,
} from '../../../shared/crypto/pii-vault.js';

const person = { name: '张三', mobile: '13800000000', idNumber: '11010519491231002X' };
const secret = JSON.stringify(person);
const context = { membershipId: 'mem_1' };

/** `ciphertext` with one bit of its `part`-th dot-separated part flipped (and `sub`-th `~` piece, if given). */
function flipBit(ciphertext: string, part: number, sub?: number): string {
  const parts = ciphertext.split('.');
  const flip = (text: string) => {
    const bytes = Buffer.from(text, 'base64url');
    bytes[bytes.length - 1]! ^= 0x01;
    return bytes.toString('base64url');
  };
  if (sub === undefined) parts[part] = flip(parts[part]!);
  else parts[part] = parts[part]!.split('~').map((piece, i) => (i === sub ? flip(piece) : piece)).join('~');
  return parts.join('.');
}

/** Tampering that every vault must refuse, as [label, altered ciphertext]. */
function tamperings(sealed: string): [string, string][] {
  const parts = sealed.split('.');
  const shortTag = [...parts];
  shortTag[4] = Buffer.from(parts[4]!, 'base64url').subarray(0, 4).toString('base64url');
  const swapped = [...parts];
  [swapped[3], swapped[5]] = [parts[5]!, parts[3]!];
  return [
    ['iv', flipBit(sealed, 3)],
    ['tag', flipBit(sealed, 4)],
    ['ciphertext', flipBit(sealed, 5)],
    ['tag truncated to 4 bytes', shortTag.join('.')],
    ['parts swapped', swapped.join('.')],
    ['a part dropped', parts.slice(0, 5).join('.')],
    ['a part added', `${sealed}.AAAA`],
    ['a non-canonical base64url character', `${sealed}!`],
    ['another version', sealed.replace(/^v1\./, 'v2.')],
  ];
}

describe('the local vault', () => {
  const vault = makeLocalVault(newLocalKeyring());

  it('decrypts what it encrypted, with the same context', async () => {
    const sealed = await vault.encrypt(secret, context);
    expect(sealed).toMatch(/^v1\.local\.[\w-]+~[\w-]+~[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await vault.decrypt(sealed, { ...context })).toBe(secret);
  });

  it('round-trips any text under any context, whatever the order of its keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.dictionary(fc.string({ minLength: 1 }), fc.string()), async (text, ctx) => {
        const reordered = Object.fromEntries(Object.entries(ctx).reverse());
        expect(await vault.decrypt(await vault.encrypt(text, ctx), reordered)).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('never shows the plaintext in the ciphertext', async () => {
    const sealed = await vault.encrypt(secret, context);
    for (const value of [secret, ...Object.values(person), Buffer.from(secret).toString('base64url'), Buffer.from(person.idNumber).toString('base64url')]) {
      expect(sealed).not.toContain(value);
    }
  });

  it('never encrypts the same text the same way twice', async () => {
    const [first, second] = [await vault.encrypt(secret, context), await vault.encrypt(secret, context)];
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]); // a fresh data key each time
  });

  it('refuses another context', async () => {
    const sealed = await vault.encrypt(secret, context);
    await expect(vault.decrypt(sealed, { membershipId: 'mem_2' })).rejects.toThrow();
    await expect(vault.decrypt(sealed, {})).rejects.toThrow();
    await expect(vault.decrypt(sealed, { ...context, extra: 'x' })).rejects.toThrow();
  });

  it('refuses a tampered ciphertext, whichever part is altered', async () => {
    const sealed = await vault.encrypt(secret, context);
    for (const [label, altered] of [...tamperings(sealed), ['wrapped key iv', flipBit(sealed, 2, 0)], ['wrapped key tag', flipBit(sealed, 2, 1)], ['wrapped key', flipBit(sealed, 2, 2)]] as const) {
      await expect(vault.decrypt(altered, context), label).rejects.toThrow();
    }
  });

  it('refuses ciphertexts of another keyring or of the KMS vault', async () => {
    const sealed = await vault.encrypt(secret, context);
    await expect(makeLocalVault(newLocalKeyring()).decrypt(sealed, context)).rejects.toThrow();
    await expect(vault.decrypt(sealed.replace('v1.local.', 'v1.kms.'), context)).rejects.toThrow(/Not a v1 local ciphertext/);
  });

  it('keeps the plaintext out of its errors', async () => {
    const sealed = await vault.encrypt(secret, context);
    const error = await vault.decrypt(sealed, { membershipId: 'mem_2' }).catch((e: unknown) => e as Error);
    expect(String(error)).not.toContain(person.idNumber);
  });

  it('computes the same MAC for the same purpose, value and keyring only', async () => {
    const other = makeLocalVault(newLocalKeyring());
    const mac = await vault.mac('id-number', person.idNumber);
    expect(mac).toMatch(/^[\w-]{43}$/); // 32 bytes, base64url
    expect(await vault.mac('id-number', person.idNumber)).toBe(mac);
    expect(await vault.mac('join-link', person.idNumber)).not.toBe(mac);
    expect(await vault.mac('id-number', '11010519491231003X')).not.toBe(mac);
    expect(await other.mac('id-number', person.idNumber)).not.toBe(mac);
    expect(timingSafeEqualText(mac, await vault.mac('id-number', person.idNumber))).toBe(true);
    expect(timingSafeEqualText(mac, await other.mac('id-number', person.idNumber))).toBe(false);
  });

  it('keeps purpose and value apart, so no two (purpose, value) pairs share a message', async () => {
    expect(await vault.mac('a', 'bc')).not.toBe(await vault.mac('ab', 'c'));
    await expect(vault.mac('', 'x')).rejects.toThrow();
    await expect(vault.mac('id\u0000number', 'x')).rejects.toThrow();
  });

  it('does not MAC with the master secret itself', async () => {
    const keyring = newLocalKeyring();
    const raw = createHmac('sha256', Buffer.from(keyring, 'base64url')).update('id-number\u0000x').digest('base64url');
    expect(await makeLocalVault(keyring).mac('id-number', 'x')).not.toBe(raw);
  });

  it('refuses a keyring that is not base64url of 32 bytes', () => {
    for (const keyring of ['', 'c2hvcnQ', `${newLocalKeyring()}!`, randomBytes(32).toString('base64')]) {
      expect(() => makeLocalVault(keyring), keyring).toThrow(/LOCAL_KEYRING/);
    }
  });
});

/** A KMS stand-in: data keys wrapped under a context they only unwrap with, and an HMAC key. */
function fakeKms(options: { checkContext: boolean } = { checkContext: true }) {
  const sent: KmsVaultCommand[] = [];
  const keys = new Map<string, { key: Buffer; context: string }>();
  const hmacKey = randomBytes(32);
  const client = {
    async send(command: KmsVaultCommand): Promise<unknown> {
      sent.push(command);
      if (command instanceof GenerateDataKeyCommand) {
        const key = randomBytes(32);
        const blob = randomBytes(16);
        keys.set(blob.toString('hex'), { key, context: JSON.stringify(command.input.EncryptionContext) });
        return { Plaintext: Uint8Array.from(key), CiphertextBlob: Uint8Array.from(blob) };
      }
      if (command instanceof DecryptCommand) {
        const entry = keys.get(Buffer.from(command.input.CiphertextBlob!).toString('hex'));
        if (!entry || (options.checkContext && entry.context !== JSON.stringify(command.input.EncryptionContext))) {
          throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' });
        }
        return { Plaintext: Uint8Array.from(entry.key) };
      }
      if (command instanceof GenerateMacCommand) return { Mac: createHmac('sha256', hmacKey).update(command.input.Message!).digest() };
      throw new Error('unexpected command');
    },
  };
  return { client, sent };
}

describe('the KMS vault', () => {
  const keyIds = { encryptionKeyId: 'arn:aws:kms:cn-north-1:111122223333:key/pii', macKeyId: 'arn:aws:kms:cn-north-1:111122223333:key/mac' };

  it('generates a data key under the encryption context, and decrypts it under the same context', async () => {
    const { client, sent } = fakeKms();
    const vault = makeKmsVault(client, keyIds);
    const sealed = await vault.encrypt(secret, context);
    expect(sealed).toMatch(/^v1\.kms\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(person.idNumber);
    expect(await vault.decrypt(sealed, context)).toBe(secret);
    const [generate, decrypt] = sent;
    expect(generate).toBeInstanceOf(GenerateDataKeyCommand);
    expect(generate!.input).toEqual({ KeyId: keyIds.encryptionKeyId, KeySpec: 'AES_256', EncryptionContext: context });
    expect(decrypt).toBeInstanceOf(DecryptCommand);
    expect(decrypt!.input).toMatchObject({ KeyId: keyIds.encryptionKeyId, EncryptionContext: context });
    expect(Buffer.from((decrypt as DecryptCommand).input.CiphertextBlob!).toString('base64url')).toBe(sealed.split('.')[2]);
  });

  it('refuses another context, at KMS and again at the data layer', async () => {
    const strict = makeKmsVault(fakeKms().client, keyIds);
    await expect(strict.decrypt(await strict.encrypt(secret, context), { membershipId: 'mem_2' })).rejects.toThrow(/InvalidCiphertext/);
    // Even were KMS to hand the data key back, the context is GCM additional data as well.
    const lax = makeKmsVault(fakeKms({ checkContext: false }).client, keyIds);
    await expect(lax.decrypt(await lax.encrypt(secret, context), { membershipId: 'mem_2' })).rejects.toThrow(/does not authenticate/);
  });

  it('refuses a tampered ciphertext and local ciphertexts', async () => {
    const vault = makeKmsVault(fakeKms().client, keyIds);
    const sealed = await vault.encrypt(secret, context);
    for (const [label, altered] of [...tamperings(sealed), ['wrapped key', flipBit(sealed, 2)]] as const) {
      await expect(vault.decrypt(altered, context), label).rejects.toThrow();
    }
    const local = await makeLocalVault(newLocalKeyring()).encrypt(secret, context);
    await expect(vault.decrypt(local, context)).rejects.toThrow(/Not a v1 kms ciphertext/);
  });

  it('zeroes the plaintext data key KMS returned once it is used', async () => {
    const returned: Uint8Array[] = [];
    const { client } = fakeKms();
    const vault = makeKmsVault({ send: async (command) => { const out = (await client.send(command)) as { Plaintext?: Uint8Array }; if (out.Plaintext) returned.push(out.Plaintext); return out; } }, keyIds);
    await vault.decrypt(await vault.encrypt(secret, context), context);
    expect(returned).toHaveLength(2);
    for (const key of returned) expect(key.every((byte) => byte === 0)).toBe(true);
  });

  it('MACs purpose and value with the HMAC key', async () => {
    const { client, sent } = fakeKms();
    const vault = makeKmsVault(client, keyIds);
    const mac = await vault.mac('id-number', person.idNumber);
    expect(mac).toMatch(/^[\w-]{43}$/);
    expect(await vault.mac('id-number', person.idNumber)).toBe(mac);
    expect(await vault.mac('join-link', person.idNumber)).not.toBe(mac);
    const [command] = sent;
    expect(command).toBeInstanceOf(GenerateMacCommand);
    expect(command!.input).toMatchObject({ KeyId: keyIds.macKeyId, MacAlgorithm: 'HMAC_SHA_256' });
    expect(Buffer.from((command as GenerateMacCommand).input.Message!).toString('utf8')).toBe(`id-number\u0000${person.idNumber}`);
  });

  it('fails clearly when KMS returns no key or MAC', async () => {
    const vault = makeKmsVault({ send: async () => ({}) }, keyIds);
    await expect(vault.encrypt(secret, context)).rejects.toThrow(/GenerateDataKey/);
    await expect(vault.mac('id-number', 'x')).rejects.toThrow(/GenerateMac/);
  });
});

describe('piiVault()', () => {
  it('refuses to run without keys, naming the variables', () => {
    expect(() => piiVault({})).toThrow(/PII_KMS_KEY_ID.*MAC_KMS_KEY_ID.*LOCAL_KEYRING/);
    expect(() => piiVault({ PII_KMS_KEY_ID: 'pii', LOCAL_KEYRING: newLocalKeyring() })).toThrow(/MAC_KMS_KEY_ID is not set/);
    expect(() => piiVault({ MAC_KMS_KEY_ID: 'mac' })).toThrow(/PII_KMS_KEY_ID is not set/);
  });

  it('uses the local keyring, one vault per keyring', async () => {
    const keyring = newLocalKeyring();
    const vault: PiiVault = piiVault({ LOCAL_KEYRING: keyring });
    expect(piiVault({ LOCAL_KEYRING: keyring })).toBe(vault);
    expect(piiVault({ LOCAL_KEYRING: newLocalKeyring() })).not.toBe(vault);
    expect(await makeLocalVault(keyring).decrypt(await vault.encrypt(secret, context), context)).toBe(secret);
  });

  it('prefers KMS when both KMS keys are configured, one vault per key pair', () => {
    const env = { PII_KMS_KEY_ID: 'pii', MAC_KMS_KEY_ID: 'mac', LOCAL_KEYRING: newLocalKeyring() };
    const vault = piiVault(env);
    expect(piiVault({ ...env })).toBe(vault);
    expect(piiVault({ LOCAL_KEYRING: env.LOCAL_KEYRING })).not.toBe(vault);
  });
});
