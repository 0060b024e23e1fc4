import type { FindKeyOwner, KeyOwner } from './key-owners.js';

/**
 * Remembers who holds an API key for `ttlMs()` (read at each call: the province's config) in the authorizer's container, so a partner's
 * burst of requests costs one lookup instead of one per request. API Gateway's own result
 * cache cannot do this here (infra/stack.ts says why). The price is written in the docs: a
 * revoked or rotated-out key keeps working for up to the TTL in a container that saw it.
 *
 * Unknown keys are remembered too, so a flood of made-up keys costs a lookup each at most once
 * per TTL; the map is bounded, dropping its oldest entry first.
 */
export function cachingKeyOwners(find: FindKeyOwner, options: { ttlMs: () => number; now: () => number; maxEntries?: number }): FindKeyOwner {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { owner: Promise<KeyOwner | undefined>; until: number }>();
  return (keyHash) => {
    const ttlMs = options.ttlMs();
    if (ttlMs <= 0) return find(keyHash);
    const now = options.now();
    const cached = entries.get(keyHash);
    if (cached && cached.until > now) return cached.owner;
    entries.delete(keyHash);
    // The lookup in flight is shared, so simultaneous requests with one key make one lookup.
    const owner = find(keyHash);
    entries.set(keyHash, { owner, until: now + ttlMs });
    // A failed lookup is not an answer: the next request asks again.
    owner.catch(() => {
      if (entries.get(keyHash)?.owner === owner) entries.delete(keyHash);
    });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return owner;
  };
}
