import type { UsageTiers } from '../infra/provinces/schema.js';

/** The limiter's verdict on one request: let through, or refused until `retryAfterSeconds` have passed. */
export type UsageVerdict = { allowed: true } | { allowed: false; quota: boolean; retryAfterSeconds: number };

const DAY_MS = 86_400_000;

/**
 * The local stand-in for API Gateway's usage plans: per usage key, a token bucket of the tier's
 * burst refilled at its rate, and a quota of requests per UTC day. `tierOf` answers a key's
 * tier; a key it does not know counts as `standard` (the runtime registers every account's
 * again at start, since the local registry is in memory).
 *
 * @example
 * const limiter = makeUsageLimiter(tiers, localUsageTierOf);
 * if (!limiter.take('usk_1').allowed) answer429();
 */
export function makeUsageLimiter(tiers: UsageTiers, tierOf: (usageKey: string) => string | undefined, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number; day: number; used: number }>();
  return {
    take(usageKey: string): UsageVerdict {
      const tier = tiers[tierOf(usageKey) ?? 'standard'] ?? tiers.standard!;
      const at = now();
      const day = Math.floor(at / DAY_MS);
      const bucket = buckets.get(usageKey) ?? { tokens: tier.burst, at, day, used: 0 };
      buckets.set(usageKey, bucket);
      bucket.tokens = Math.min(tier.burst, bucket.tokens + ((at - bucket.at) / 1000) * tier.ratePerSecond);
      bucket.at = at;
      if (bucket.day !== day) Object.assign(bucket, { day, used: 0 });
      if (bucket.used >= tier.dailyQuota) return { allowed: false, quota: true, retryAfterSeconds: Math.ceil(((day + 1) * DAY_MS - at) / 1000) };
      if (bucket.tokens < 1) return { allowed: false, quota: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / tier.ratePerSecond) };
      bucket.tokens -= 1;
      bucket.used += 1;
      return { allowed: true };
    },
  };
}

export type UsageLimiter = ReturnType<typeof makeUsageLimiter>;

/**
 * Tiers no local run reaches: for the test suite and the bench, whose many requests from one
 * account would otherwise measure the limiter instead of the code (a test of the limiter names
 * its own small tiers).
 */
export const UNREACHED_USAGE_TIERS: UsageTiers = { standard: { ratePerSecond: 10_000, burst: 5_000, dailyQuota: 1_000_000_000 } };
