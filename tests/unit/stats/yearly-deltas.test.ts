import { describe, expect, it } from 'vitest';
import { fairDeltas, wishFulfilledDeltas } from '../../../functions/stats/domain/org-stats.js';
import { statsView } from '../../../functions/stats/views.js';

describe('fairDeltas()', () => {
  it('counts a fair on its org and every ancestor, in the year it starts in Asia/Shanghai', () => {
    // 2026-12-31T17:00Z is 2027-01-01 01:00 in 厦门.
    expect(fairDeltas('fairs', { orgId: 'siming', ancestors: ['root', 'xiamen'], startsAt: '2026-12-31T17:00:00.000Z' })).toEqual([
      { orgId: 'siming', counts: { 'fairs#2027': 1 } },
      { orgId: 'root', counts: { 'fairs#2027': 1 } },
      { orgId: 'xiamen', counts: { 'fairs#2027': 1 } },
    ]);
  });

  it('shows the year\'s fairs and intentions in the stats, zero for other years', () => {
    const node = { id: 'xm', ancestors: [], regionCode: '350200', counters: { 'fairs#2026': 3, 'fairIntentions#2026': 136, 'fairs#2025': 9 } };
    expect(statsView({ node, target: undefined, rosters: { riders: 0, ridersWhoAreMembers: 0 }, stations: [], year: 2026 }).fairs).toEqual({ count: 3, intentions: 136 });
    expect(statsView({ node, target: undefined, rosters: { riders: 0, ridersWhoAreMembers: 0 }, stations: [], year: 2024 }).fairs).toEqual({ count: 0, intentions: 0 });
  });
});

describe('wishFulfilledDeltas()', () => {
  const wish = { orgId: 'siming', ancestors: ['root', 'xiamen'], valueFen: 30_000 };

  it('counts a donor\'s gift and its value on the org and every ancestor, in the year it was fulfilled in Asia/Shanghai', () => {
    expect(wishFulfilledDeltas({ ...wish, claimKind: 'donor', fulfilledAt: '2026-12-31T16:30:00.000Z' })).toEqual(
      ['siming', 'root', 'xiamen'].map((orgId) => ({ orgId, counts: { 'wishesFulfilled#2027': 1, 'wishesFulfilledMonth#2027-01': 1, 'wishValueFen#2027': 30_000 } })),
    );
  });

  it('counts what the union paid apart', () => {
    expect(wishFulfilledDeltas({ ...wish, claimKind: 'union', fulfilledAt: '2026-06-01T00:00:00.000Z' })[0]).toEqual({
      orgId: 'siming',
      counts: { 'wishesFulfilled#2026': 1, 'wishesFulfilledMonth#2026-06': 1, 'wishValueFen#2026': 30_000, 'wishUnionFundedFen#2026': 30_000 },
    });
  });

  it('shows the year\'s fulfilled wishes in the stats, month by month, zero for other years', () => {
    const counters = {
      'wishesFulfilled#2026': 210, 'wishesFulfilledMonth#2026-01': 10, 'wishesFulfilledMonth#2026-06': 150, 'wishesFulfilledMonth#2026-12': 50, 'wishesFulfilledMonth#2027-01': 7,
      'wishValueFen#2026': 10_500_000, 'wishUnionFundedFen#2026': 2_000_000,
    };
    const node = { id: 'xm', ancestors: [], regionCode: '350200', counters };
    expect(statsView({ node, target: undefined, rosters: { riders: 0, ridersWhoAreMembers: 0 }, stations: [], year: 2026 }).wishes).toEqual({
      fulfilled: 210, fulfilledByMonth: [10, 0, 0, 0, 0, 150, 0, 0, 0, 0, 0, 50], valueFen: 10_500_000, fundedByUnionFen: 2_000_000,
    });
    expect(statsView({ node, target: undefined, rosters: { riders: 0, ridersWhoAreMembers: 0 }, stations: [], year: 2025 }).wishes).toEqual({
      fulfilled: 0, fulfilledByMonth: Array(12).fill(0), valueFen: 0, fundedByUnionFen: 0,
    });
  });
});
