import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeUsageLimiter } from '../../../local/usage-limiter.js';

const tiers = { standard: { ratePerSecond: 2, burst: 4, dailyQuota: 1_000 }, trial: { ratePerSecond: 100, burst: 100, dailyQuota: 3 } };
const noon = Date.parse('2026-12-01T12:00:00.000Z');

describe('makeUsageLimiter()', () => {
  it('lets a burst through, then refuses with the seconds until a token is back', () => {
    const limiter = makeUsageLimiter(tiers, () => 'standard', () => noon);
    expect(Array.from({ length: 4 }, () => limiter.take('usk_a').allowed)).toEqual([true, true, true, true]);
    expect(limiter.take('usk_a')).toEqual({ allowed: false, quota: false, retryAfterSeconds: 1 });
  });

  it('keeps each usage key apart', () => {
    const limiter = makeUsageLimiter(tiers, () => 'standard', () => noon);
    for (let i = 0; i < 4; i++) limiter.take('usk_a');
    expect(limiter.take('usk_a').allowed).toBe(false);
    expect(limiter.take('usk_b').allowed).toBe(true);
  });

  it('refuses past the daily quota until midnight UTC, then lets through again', () => {
    let now = noon;
    const limiter = makeUsageLimiter(tiers, () => 'trial', () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('usk_t').allowed).toBe(true);
    expect(limiter.take('usk_t')).toEqual({ allowed: false, quota: true, retryAfterSeconds: 12 * 3600 });
    now = Date.parse('2026-12-02T00:00:00.000Z');
    expect(limiter.take('usk_t').allowed).toBe(true);
  });

  it('counts a key registered before the process started as standard', () => {
    const limiter = makeUsageLimiter(tiers, () => undefined, () => noon);
    for (let i = 0; i < 4; i++) limiter.take('usk_old');
    expect(limiter.take('usk_old').allowed).toBe(false);
  });

  it('never lets through more than the burst plus the rate over the time passed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 200 }), (gapsMs) => {
        let now = noon;
        const limiter = makeUsageLimiter(tiers, () => 'standard', () => now);
        let allowed = 0;
        for (const gap of gapsMs) {
          now += gap;
          if (limiter.take('usk_p').allowed) allowed++;
        }
        return allowed <= tiers.standard.burst + ((now - noon) / 1000) * tiers.standard.ratePerSecond;
      }),
    );
  });
});
