import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, RETRY_WINDOW_MS, delayBoundMs, nextAttemptAt } from '../../../functions/webhooks/domain/backoff.js';
import { afterAttempt, newDelivery } from '../../../functions/webhooks/domain/delivery.js';

const policies = fc.record({ baseSeconds: fc.integer({ min: 1, max: 600 }), capSeconds: fc.integer({ min: 600, max: 12 * 3600 }) });
const draws = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('delayBoundMs()', () => {
  it('starts at the base, doubles, never decreases and never passes the cap', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 60 }), (policy, attempts) => {
        const bound = delayBoundMs(attempts, policy);
        expect(delayBoundMs(attempts + 1, policy)).toBeGreaterThanOrEqual(bound);
        expect(bound).toBeLessThanOrEqual(policy.capSeconds * 1000);
        if (attempts === 1) expect(bound).toBe(policy.baseSeconds * 1000);
      }),
    );
  });
});

describe('nextAttemptAt()', () => {
  it('draws the delay in the upper half of its bound', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 30 }), draws, (policy, attempts, random) => {
        const now = new Date('2026-12-01T00:00:00.000Z');
        const at = nextAttemptAt(attempts, now, now, random, { ...policy, capSeconds: Math.min(policy.capSeconds, 6 * 3600) });
        const bound = delayBoundMs(attempts, { ...policy, capSeconds: Math.min(policy.capSeconds, 6 * 3600) });
        expect(at).not.toBeNull();
        const delay = at!.getTime() - now.getTime();
        expect(delay).toBeGreaterThanOrEqual(Math.floor(bound / 2));
        expect(delay).toBeLessThanOrEqual(bound);
      }),
    );
  });

  it('retries a delivery that always fails within 24 hours of its first attempt, then fails it', () => {
    fc.assert(
      fc.property(policies, fc.infiniteStream(draws), (policy, randoms) => {
        let now = new Date('2026-12-01T00:00:00.000Z');
        let delivery = newDelivery('msg_1', { accountId: 'acc_1', type: 'ping', occurredAt: now.toISOString(), data: {} }, now);
        const iterator = randoms[Symbol.iterator]();
        while (delivery.status === 'pending') {
          now = new Date(delivery.nextAttemptAt!);
          expect(now.getTime() - Date.parse(delivery.windowStartedAt)).toBeLessThanOrEqual(RETRY_WINDOW_MS);
          delivery = afterAttempt(delivery, { statusCode: 503 }, now, iterator.next().value as number, policy);
          expect(delivery.attempts).toBeLessThan(500);
        }
        expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null, lastStatusCode: 503 });
      }),
      { numRuns: 50 },
    );
  });

  it('tries about fifteen times in a day with the deployed policy', () => {
    let now = new Date('2026-12-01T00:00:00.000Z');
    let delivery = newDelivery('msg_1', { accountId: 'acc_1', type: 'ping', occurredAt: now.toISOString(), data: {} }, now);
    while (delivery.status === 'pending') {
      now = new Date(delivery.nextAttemptAt!);
      delivery = afterAttempt(delivery, { error: 'no answer within 10 s' }, now, 0.5, DEFAULT_RETRY_POLICY);
    }
    expect(delivery.attempts).toBeGreaterThanOrEqual(12);
    expect(delivery.attempts).toBeLessThanOrEqual(18);
  });

  it('marks a delivery delivered on a 2xx, whatever came before', () => {
    const now = new Date('2026-12-01T00:00:00.000Z');
    const delivery = afterAttempt(newDelivery('msg_1', { accountId: 'acc_1', type: 'ping', occurredAt: now.toISOString(), data: {} }, now), { statusCode: 500 }, now, 0, DEFAULT_RETRY_POLICY);
    expect(afterAttempt(delivery, { statusCode: 204 }, now, 0, DEFAULT_RETRY_POLICY)).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204, nextAttemptAt: null });
  });
});
