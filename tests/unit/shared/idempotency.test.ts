import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../../../shared/errors.js';
import { canonicalJson, makeIdempotency, type IdempotencyScope, type StoredResponse } from '../../../shared/http/idempotency.js';
import { memoryIdempotencyStore } from '../../helpers/memory-idempotency-store.js';

const scope = (overrides: Partial<IdempotencyScope> = {}): IdempotencyScope => ({
  caller: 'org_admin:staff-1',
  method: 'POST',
  path: '/v1/orgs',
  key: 'key-1',
  ...overrides,
});

const body = { name: '莲前街道联合工会', kind: 'joint_union', parentId: 'org_1', regionCode: '350203' };
const answer = (id: string): StoredResponse => ({ statusCode: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id }) });

function setup(options: { completedForSeconds?: number } = {}) {
  const store = memoryIdempotencyStore();
  let now = new Date('2026-03-01T08:00:00Z');
  const clock = { now: () => now };
  const idempotency = makeIdempotency({ store, clock, ...options });
  return { store, idempotency, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

const claimOf = (outcome: Awaited<ReturnType<ReturnType<typeof makeIdempotency>['begin']>>) => {
  if (!('claim' in outcome)) throw new Error('expected a claim, got a replay');
  return outcome.claim;
};

describe('makeIdempotency()', () => {
  describe('begin()', () => {
    it('lets exactly one of simultaneous requests run and answers the others 409 with a retry time', async () => {
      // Prepare
      const { idempotency } = setup();
      // Act
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => idempotency.begin(scope(), body, 15)));
      // Assess
      expect(outcomes.filter((o) => o.status === 'fulfilled' && 'claim' in o.value)).toHaveLength(1);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused).toHaveLength(5);
      for (const { reason } of refused) {
        expect(reason).toBeInstanceOf(IdempotencyKeyInProgressError);
        expect(reason.status).toBe(409);
        expect(reason.retryAfterSeconds).toBeGreaterThan(0);
      }
    });

    it('replays the completed answer to a retry with the same body, fields in any order', async () => {
      const { idempotency } = setup();
      const claim = claimOf(await idempotency.begin(scope(), body, 15));
      expect(await idempotency.complete(claim, answer('org_a'))).toBe(true);

      const reordered = Object.fromEntries(Object.entries(body).reverse());
      expect(await idempotency.begin(scope(), reordered, 15)).toEqual({ replay: answer('org_a') });
      expect(await idempotency.begin(scope(), body, 15)).toEqual({ replay: answer('org_a') });
    });

    it('refuses the same key with another body with 422, while the first runs and after it completed', async () => {
      const { idempotency } = setup();
      const claim = claimOf(await idempotency.begin(scope(), body, 15));
      await expect(idempotency.begin(scope(), { ...body, name: '别的工会' }, 15)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      await idempotency.complete(claim, answer('org_a'));
      const reused = idempotency.begin(scope(), { ...body, name: '别的工会' }, 15);
      await expect(reused).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      await expect(reused).rejects.toMatchObject({ status: 422 });
    });

    it('keeps keys of other callers, methods and concrete paths apart', async () => {
      const { idempotency } = setup();
      claimOf(await idempotency.begin(scope(), body, 15));
      for (const other of [{ caller: 'org_admin:staff-2' }, { path: '/v1/orgs/org_b/join-links' }, { method: 'PUT' }, { key: 'key-2' }]) {
        expect(await idempotency.begin(scope(other), body, 15), JSON.stringify(other)).toHaveProperty('claim');
      }
    });
  });

  describe('release()', () => {
    it('frees the key so a corrected retry with the same key runs afresh', async () => {
      const { idempotency, store } = setup();
      const failed = claimOf(await idempotency.begin(scope(), { ...body, parentId: 'org_missing' }, 15));
      expect(await idempotency.release(failed)).toBe(true);
      expect(store.records.size).toBe(0);

      const corrected = claimOf(await idempotency.begin(scope(), body, 15));
      await idempotency.complete(corrected, answer('org_a'));
      expect(await idempotency.begin(scope(), body, 15)).toEqual({ replay: answer('org_a') });
    });

    it('never removes a completed answer', async () => {
      const { idempotency } = setup();
      const claim = claimOf(await idempotency.begin(scope(), body, 15));
      await idempotency.complete(claim, answer('org_a'));
      expect(await idempotency.release(claim)).toBe(false);
      expect(await idempotency.begin(scope(), body, 15)).toEqual({ replay: answer('org_a') });
    });
  });

  describe('expiry', () => {
    it('lets a retry take over a key whose request died, and refuses the dead request\'s late answer', async () => {
      const { idempotency, advance } = setup();
      const dead = claimOf(await idempotency.begin(scope(), body, 15));
      advance(14);
      await expect(idempotency.begin(scope(), body, 15)).rejects.toBeInstanceOf(IdempotencyKeyInProgressError);
      advance(1);
      const retry = claimOf(await idempotency.begin(scope(), body, 15));

      expect(await idempotency.complete(dead, answer('org_late'))).toBe(false);
      expect(await idempotency.release(dead)).toBe(false);
      expect(await idempotency.complete(retry, answer('org_a'))).toBe(true);
      expect(await idempotency.begin(scope(), body, 15)).toEqual({ replay: answer('org_a') });
    });

    it('replays a completed answer for a day, then treats the key as new', async () => {
      const { idempotency, advance } = setup();
      await idempotency.complete(claimOf(await idempotency.begin(scope(), body, 15)), answer('org_a'));
      advance(24 * 3600 - 1);
      expect(await idempotency.begin(scope(), body, 15)).toEqual({ replay: answer('org_a') });
      advance(1);
      expect(await idempotency.begin(scope(), body, 15)).toHaveProperty('claim');
    });
  });

  describe('records', () => {
    it('hold neither the body, nor a plain hash of it, nor the key; equal bodies get unrelated fingerprints', async () => {
      const { idempotency, store } = setup();
      const person = { name: '张三', mobile: '13800000000', idNumber: '350203199001011234' };
      await idempotency.begin(scope({ key: 'key-a' }), person, 15);
      await idempotency.begin(scope({ key: 'key-b' }), person, 15);
      const [a, b] = [...store.records.values()];
      const text = JSON.stringify([a, b]);
      for (const secret of [person.mobile, person.idNumber, 'key-a', createHash('sha256').update(canonicalJson(person)).digest('base64url')]) {
        expect(text).not.toContain(secret);
      }
      expect(a!.fingerprint).not.toBe(b!.fingerprint);
    });
  });
});

describe('canonicalJson()', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[2,{"c":2,"d":1}]}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
