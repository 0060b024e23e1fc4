import { describe, expect, it } from 'vitest';
import { cachingKeyOwners } from '../../../shared/auth/key-owner-cache.js';
import type { KeyOwner } from '../../../shared/auth/key-owners.js';

const owner: KeyOwner = { accountId: 'acc-1', kind: 'partner', name: '闽送即配' };

function world(ttlSeconds: number, options: { maxEntries?: number } = {}) {
  let now = 0;
  const lookups: string[] = [];
  let answer: (keyHash: string) => Promise<KeyOwner | undefined> = async (keyHash) => (keyHash === 'live' ? owner : undefined);
  const find = cachingKeyOwners(
    (keyHash) => {
      lookups.push(keyHash);
      return answer(keyHash);
    },
    { ttlMs: () => ttlSeconds * 1000, now: () => now, ...options },
  );
  return {
    find,
    lookups,
    advance: (ms: number) => (now += ms),
    answerWith: (next: typeof answer) => (answer = next),
  };
}

describe('the authorizer remembering who holds a key', () => {
  it('looks a key up once per TTL, and again once it ran out', async () => {
    const w = world(60);
    expect(await w.find('live')).toEqual(owner);
    w.advance(59_999);
    expect(await w.find('live')).toEqual(owner);
    expect(w.lookups).toEqual(['live']);
    w.advance(1);
    expect(await w.find('live')).toEqual(owner);
    expect(w.lookups).toEqual(['live', 'live']);
  });

  it('lets a revoked key work no longer than the TTL', async () => {
    const w = world(60);
    await w.find('live');
    w.answerWith(async () => undefined);
    w.advance(30_000);
    expect(await w.find('live')).toEqual(owner);
    w.advance(30_000);
    expect(await w.find('live')).toBeUndefined();
  });

  it('remembers unknown keys too, and makes one lookup for simultaneous requests', async () => {
    const w = world(60);
    const answers = await Promise.all([w.find('made-up'), w.find('made-up'), w.find('made-up')]);
    expect(answers).toEqual([undefined, undefined, undefined]);
    expect(w.lookups).toEqual(['made-up']);
  });

  it('does not remember a lookup that failed', async () => {
    const w = world(60);
    w.answerWith(async () => {
      throw new Error('throttled');
    });
    await expect(w.find('live')).rejects.toThrow('throttled');
    w.answerWith(async () => owner);
    expect(await w.find('live')).toEqual(owner);
    expect(w.lookups).toEqual(['live', 'live']);
  });

  it('looks every key up every time with a TTL of 0', async () => {
    const w = world(0);
    await w.find('live');
    await w.find('live');
    expect(w.lookups).toEqual(['live', 'live']);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const w = world(60, { maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await w.find(key);
    await w.find('c');
    await w.find('b');
    expect(w.lookups).toEqual(['a', 'b', 'c']);
    await w.find('a');
    expect(w.lookups).toEqual(['a', 'b', 'c', 'a']);
  });
});
