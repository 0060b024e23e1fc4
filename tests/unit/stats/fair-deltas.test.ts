import { describe, expect, it } from 'vitest';
import { fairDeltas } from '../../../functions/stats/domain/org-stats.js';
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
    expect(statsView(node, undefined, { riders: 0, ridersWhoAreMembers: 0 }, 2026).fairs).toEqual({ count: 3, intentions: 136 });
    expect(statsView(node, undefined, { riders: 0, ridersWhoAreMembers: 0 }, 2024).fairs).toEqual({ count: 0, intentions: 0 });
  });
});
