import { describe, expect, it } from 'vitest';
import { joinSourceOf, makeKmsJoinLinkKey, makeLocalJoinLinkKey, signJoinLink, verifyJoinLink, type JoinLinkClaims } from '../../../shared/crypto/join-link.js';
import { makeLocalVault, newLocalKeyring } from '../../../shared/crypto/pii-vault.js';

const keyring = newLocalKeyring();
const key = makeLocalJoinLinkKey(keyring);
const otherKey = makeLocalJoinLinkKey(newLocalKeyring());
const now = new Date('2026-11-23T08:00:00Z');
const inADay = Math.floor(now.getTime() / 1000) + 86_400;
const claims: JoinLinkClaims = { linkId: 'jl_1', orgId: 'o', orgName: '思明区总工会', ancestors: ['root'], station: 'st', expiresAt: inADay };

describe('join links', () => {
  it('verify what they signed, with everything a join needs of the org', async () => {
    expect(await verifyJoinLink(await signJoinLink(claims, key), key, now)).toEqual(claims);
  });

  it('refuse expired, altered and foreign tokens with the same answer', async () => {
    const token = await signJoinLink(claims, key);
    await expect(verifyJoinLink(token, key, new Date(inADay * 1000))).rejects.toMatchObject({ status: 400 });
    expect(await verifyJoinLink(token, key, new Date(inADay * 1000), { allowExpired: true })).toEqual(claims);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...claims, orgId: 'other' })).toString('base64url')}.${signature}`;
    await expect(verifyJoinLink(forged, key, now)).rejects.toMatchObject({ errors: [{ path: 'body.joinToken', message: expect.any(String) }] });
    await expect(verifyJoinLink(await signJoinLink(claims, otherKey), key, now)).rejects.toMatchObject({ status: 400 });
    await expect(verifyJoinLink('a.b.c', key, now, { field: 'path.token' })).rejects.toMatchObject({ errors: [{ path: 'path.token', message: expect.any(String) }] });
    const unsignedClaims = `${Buffer.from('{"orgId":"o"}').toString('base64url')}`;
    await expect(verifyJoinLink(`${unsignedClaims}.${await key.sign(unsignedClaims)}`, key, now)).rejects.toMatchObject({ status: 400 });
  });

  it('use a key apart from the blind-index key of the same keyring', async () => {
    const vault = makeLocalVault(keyring);
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    expect(await key.sign(payload)).not.toBe(await vault.mac('join-link', payload));
    await expect(verifyJoinLink(`${payload}.${await vault.mac('join-link', payload)}`, key, now)).rejects.toMatchObject({ status: 400 });
  });

  it('verify with KMS VerifyMac in the stack, a wrong MAC being no error', async () => {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const kms = makeKmsJoinLinkKey(
      {
        send: async (command) => {
          sent.push({ name: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
          if (command.constructor.name === 'GenerateMacCommand') return { Mac: Buffer.from('mac-bytes') };
          if (Buffer.from((command.input as { Mac: Uint8Array }).Mac).toString() === 'mac-bytes') return { MacValid: true };
          throw Object.assign(new Error('invalid'), { name: 'KMSInvalidMacException' });
        },
      },
      'key-arn',
    );
    const token = await signJoinLink(claims, kms);
    expect(await verifyJoinLink(token, kms, now)).toEqual(claims);
    await expect(verifyJoinLink(`${token.split('.')[0]}.${Buffer.from('other').toString('base64url')}`, kms, now)).rejects.toMatchObject({ status: 400 });
    expect(sent.map((c) => [c.name, c.input.KeyId, c.input.MacAlgorithm])).toEqual([
      ['GenerateMacCommand', 'key-arn', 'HMAC_SHA_256'],
      ['VerifyMacCommand', 'key-arn', 'HMAC_SHA_256'],
      ['VerifyMacCommand', 'key-arn', 'HMAC_SHA_256'],
    ]);
  });

  it('name the join source for stats', () => {
    expect(joinSourceOf({})).toBe('org');
    expect(joinSourceOf({ station: 's' })).toBe('station:s');
    expect(joinSourceOf({ campaign: 'c' })).toBe('campaign:c');
    expect(joinSourceOf({ station: 's', campaign: 'c' })).toBe('station:s');
  });
});
