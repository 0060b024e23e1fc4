import { GenerateMacCommand } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newLocalKeyring } from '../../../shared/crypto/pii-vault.js';
import {
  cursorKey,
  deriveKmsCursorKey,
  deriveLocalCursorKey,
  openCursor,
  sealCursor,
  type CursorKms,
  type CursorScope,
} from '../../../shared/pagination.js';

const key = randomBytes(32);
const scope: CursorScope = { list: 'orgs.childrenByParent', parentId: 'org_p1' };
const start = { pk: 'ORG#a', sk: 'ORG', parentId: 'org_p1', childSortKey: '思明#a' };

const refusedAsCursor = expect.objectContaining({ status: 400, errors: [{ path: 'query.cursor', message: 'is not a cursor this list returned' }] });

/** A flat record of strings and finite numbers, as DynamoDB start keys (and offsets) are. */
const startKeys = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.oneof(fc.string({ maxLength: 60 }), fc.integer()), { minKeys: 1, maxKeys: 5 });
const scopes = fc.record({ list: fc.string({ minLength: 1 }) }).chain((base) =>
  fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }).filter((name) => name !== 'list'), fc.string(), { maxKeys: 3 }).map((rest) => ({ ...rest, ...base })),
);

describe('sealCursor() and openCursor()', () => {
  it('round-trip any start key under the scope it was sealed for', () => {
    fc.assert(
      fc.property(startKeys, scopes, (record, anyScope) => {
        expect(openCursor(key, sealCursor(key, record, anyScope)!, anyScope)).toEqual(record);
      }),
    );
  });

  it('hide the start key: nothing of it is readable in the cursor', () => {
    const cursor = sealCursor(key, start, scope)!;
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain('ORG#a');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('are null and undefined for the last and the first page', () => {
    expect(sealCursor(key, undefined, scope)).toBeNull();
    expect(openCursor(key, undefined, scope)).toBeUndefined();
  });

  it('refuse a cursor of another list, another partition or another filter', () => {
    const cursor = sealCursor(key, start, scope)!;
    const others: CursorScope[] = [
      { list: 'memberships.membershipsByOrg', parentId: 'org_p1' },
      { list: 'orgs.childrenByParent', parentId: 'org_p2' },
      { ...scope, status: 'active' },
    ];
    for (const other of others) {
      expect(() => openCursor(key, cursor, other)).toThrow(refusedAsCursor);
    }
  });

  it('refuse any cursor with one bit changed', () => {
    const cursor = sealCursor(key, start, scope)!;
    const bytes = Buffer.from(cursor, 'base64url');
    fc.assert(
      fc.property(fc.nat({ max: bytes.length * 8 - 1 }), (bit) => {
        const flipped = Buffer.from(bytes);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => openCursor(key, flipped.toString('base64url'), scope)).toThrow(refusedAsCursor);
      }),
    );
  });

  it('refuse a cursor sealed under another key', () => {
    expect(() => openCursor(randomBytes(32), sealCursor(key, start, scope)!, scope)).toThrow(refusedAsCursor);
  });

  it('refuse the unsigned cursors of before, garbage, non-canonical base64url and overlong text', () => {
    const forged = Buffer.from(JSON.stringify(start)).toString('base64url');
    const cursor = sealCursor(key, start, scope)!;
    for (const text of [forged, '%%%', '', 'a', `${cursor}=`, `${cursor} `, 'A'.repeat(3000), Buffer.from('[1]').toString('base64url')]) {
      expect(() => openCursor(key, text, scope), text.slice(0, 40)).toThrow(refusedAsCursor);
    }
  });

  it('never throw anything but the 400 for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(() => openCursor(key, text, scope)).toThrow(refusedAsCursor);
      }),
    );
  });

  it('seal only flat records of strings and numbers', () => {
    expect(() => sealCursor(key, { nested: { a: 1 } }, scope)).toThrow();
  });
});

describe('cursor keys', () => {
  it('derive the local key from the keyring, apart from the PII vault\'s keys, the same every time', () => {
    const keyring = newLocalKeyring();
    expect(deriveLocalCursorKey(keyring)).toEqual(deriveLocalCursorKey(keyring));
    expect(deriveLocalCursorKey(keyring)).not.toEqual(deriveLocalCursorKey(newLocalKeyring()));
    expect(deriveLocalCursorKey(keyring)).not.toEqual(Buffer.from(keyring, 'base64url'));
    expect(() => deriveLocalCursorKey('short')).toThrow(/LOCAL_KEYRING/);
  });

  it('derive the KMS key from one GenerateMac of a fixed label with the cursor key', async () => {
    const macKey = randomBytes(32);
    const sent: GenerateMacCommand[] = [];
    const kms: CursorKms = {
      async send(command) {
        sent.push(command);
        return { Mac: createHmac('sha256', macKey).update(command.input.Message!).digest() };
      },
    };
    const first = await deriveKmsCursorKey(kms, 'arn:cursor');
    expect(await deriveKmsCursorKey(kms, 'arn:cursor')).toEqual(first);
    expect(first).toHaveLength(32);
    expect(sent.map((command) => [command.input.KeyId, command.input.MacAlgorithm])).toEqual([
      ['arn:cursor', 'HMAC_SHA_256'],
      ['arn:cursor', 'HMAC_SHA_256'],
    ]);
  });

  it('are derived once per container and configuration, and again after a failed derivation', async () => {
    let calls = 0;
    let failNext = true;
    const kms: CursorKms = {
      async send() {
        calls++;
        if (failNext) {
          failNext = false;
          throw new Error('ThrottlingException');
        }
        return { Mac: randomBytes(32) };
      },
    };
    const env = { CURSOR_KMS_KEY_ID: `arn:cursor:${randomBytes(4).toString('hex')}` };
    await expect(cursorKey(env, kms)).rejects.toThrow('ThrottlingException');
    const key1 = await cursorKey(env, kms);
    expect(await cursorKey(env, kms)).toBe(key1);
    expect(calls).toBe(2);
    const keyring = newLocalKeyring();
    expect(await cursorKey({ LOCAL_KEYRING: keyring })).toEqual(deriveLocalCursorKey(keyring));
    await expect(cursorKey({})).rejects.toThrow(/CURSOR_KMS_KEY_ID.*LOCAL_KEYRING/);
  });
});
