import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeKmsVault, makeLocalVault, newLocalKeyring, piiVault } from '../../../shared/crypto/pii-vault.js';

const secret = JSON.stringify({ name: '张三', mobile: '13800000000', idNumber: '11010519491231002X' });

describe('the local vault', () => {
  const vault = makeLocalVault(newLocalKeyring());

  it('decrypts what it encrypted, with the same context', async () => {
    const sealed = await vault.encrypt(secret, { membershipId: 'mem_1' });
    expect(sealed.startsWith('v1.local.')).toBe(true);
    expect(sealed).not.toContain('13800000000');
    expect(await vault.decrypt(sealed, { membershipId: 'mem_1' })).toBe(secret);
  });

  it('never encrypts the same text the same way twice', async () => {
    expect(await vault.encrypt(secret, { membershipId: 'm' })).not.toBe(await vault.encrypt(secret, { membershipId: 'm' }));
  });

  it('refuses another context, a tampered ciphertext and another keyring', async () => {
    const sealed = await vault.encrypt(secret, { membershipId: 'mem_1' });
    await expect(vault.decrypt(sealed, { membershipId: 'mem_2' })).rejects.toThrow();
    const parts = sealed.split('.');
    parts[5] = Buffer.from(randomBytes(Buffer.from(parts[5]!, 'base64url').length)).toString('base64url');
    await expect(vault.decrypt(parts.join('.'), { membershipId: 'mem_1' })).rejects.toThrow();
    await expect(makeLocalVault(newLocalKeyring()).decrypt(sealed, { membershipId: 'mem_1' })).rejects.toThrow();
  });

  it('computes the same MAC for the same purpose and value only', async () => {
    const other = makeLocalVault(newLocalKeyring());
    expect(await vault.mac('id-number', 'x')).toBe(await vault.mac('id-number', 'x'));
    expect(await vault.mac('id-number', 'x')).not.toBe(await vault.mac('join-link', 'x'));
    expect(await vault.mac('id-number', 'x')).not.toBe(await other.mac('id-number', 'x'));
  });
});

describe('the KMS vault', () => {
  it('wraps data keys with KMS under the encryption context and MACs with the HMAC key', async () => {
    const sent: unknown[] = [];
    const dataKey = randomBytes(32);
    const client = {
      async send(command: unknown) {
        sent.push(command);
        if (command instanceof GenerateDataKeyCommand) return { Plaintext: Uint8Array.from(dataKey), CiphertextBlob: Buffer.from('wrapped') };
        if (command instanceof DecryptCommand) return { Plaintext: Uint8Array.from(dataKey) };
        if (command instanceof GenerateMacCommand) return { Mac: Buffer.from('mac') };
        throw new Error('unexpected command');
      },
    };
    const vault = makeKmsVault(client as never, { encryptionKeyId: 'pii-key', macKeyId: 'mac-key' });
    const sealed = await vault.encrypt(secret, { membershipId: 'mem_1' });
    expect(sealed.startsWith('v1.kms.')).toBe(true);
    expect(await vault.decrypt(sealed, { membershipId: 'mem_1' })).toBe(secret);
    expect(await vault.mac('id-number', 'x')).toBe(Buffer.from('mac').toString('base64url'));
    const [generate, decrypt, mac] = sent as [GenerateDataKeyCommand, DecryptCommand, GenerateMacCommand];
    expect(generate.input).toMatchObject({ KeyId: 'pii-key', KeySpec: 'AES_256', EncryptionContext: { membershipId: 'mem_1' } });
    expect(decrypt.input).toMatchObject({ KeyId: 'pii-key', EncryptionContext: { membershipId: 'mem_1' } });
    expect(mac.input).toMatchObject({ KeyId: 'mac-key', MacAlgorithm: 'HMAC_SHA_256' });
  });
});

describe('piiVault()', () => {
  it('refuses to run without keys', () => {
    expect(() => piiVault({})).toThrow(/LOCAL_KEYRING/);
  });
});
