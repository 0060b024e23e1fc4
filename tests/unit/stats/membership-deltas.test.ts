import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import { coverageDeltas, membershipDeltas, stationsToShow, STATIONS_SHOWN, type CoverageDelta } from '../../../functions/stats/domain/org-stats.js';
import { statsView } from '../../../functions/stats/views.js';

const change = (from: MembershipStatusChangedV1Data['from'], to: MembershipStatusChangedV1Data['to']): MembershipStatusChangedV1Data => ({
  membershipId: 'mem_1',
  occupation: 'courier',
  platforms: ['闽送即配'],
  joinSource: 'org',
  from,
  to,
});
const at = (status: 'pending' | 'active' | 'left' | 'rejected' | 'erased', orgId = 'siming', ancestors = ['root', 'xiamen']) => ({ status, orgId, ancestors });

describe('membershipDeltas()', () => {
  it('counts a join as pending on the org and in every subtree above it', () => {
    expect(membershipDeltas(change(null, at('pending')))).toEqual([
      { orgId: 'siming', counts: { pending: 1, subtreePending: 1 } },
      { orgId: 'root', counts: { subtreePending: 1 } },
      { orgId: 'xiamen', counts: { subtreePending: 1 } },
    ]);
  });

  it('moves an approval from pending to active with its breakdowns', () => {
    const deltas = membershipDeltas(change(at('pending'), at('active')));
    expect(deltas.find((d) => d.orgId === 'siming')!.counts).toEqual({
      pending: -1,
      subtreePending: -1,
      active: 1,
      subtreeActive: 1,
      'occupation#courier': 1,
      'source#org': 1,
      'platform#闽送即配': 1,
    });
    expect(deltas.find((d) => d.orgId === 'root')!.counts).toEqual({ subtreePending: -1, subtreeActive: 1 });
  });

  it('moves a transfer between orgs but leaves the shared ancestors unchanged', () => {
    const deltas = membershipDeltas(change(at('active', 'siming'), at('active', 'huli')));
    expect(deltas.map((d) => d.orgId).sort()).toEqual(['huli', 'siming']);
  });

  it('changes nothing for moves between uncounted statuses', () => {
    expect(membershipDeltas(change(at('left'), at('erased')))).toEqual([]);
  });

  it('sums to the live memberships whatever order the changes arrive in', () => {
    const statuses = ['pending', 'active', 'left', 'rejected', 'erased'] as const;
    const path = fc.array(fc.constantFrom(...statuses), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(path, fc.infiniteStream(fc.nat()), (steps, shuffle) => {
        const changes = steps.map((status, i) => change(i === 0 ? null : at(steps[i - 1]!), at(status)));
        const order = [...changes].sort(() => (shuffle.next().value % 3) - 1);
        const totals: Record<string, number> = {};
        for (const delta of order.flatMap(membershipDeltas).filter((d) => d.orgId === 'siming')) {
          for (const [name, n] of Object.entries(delta.counts)) totals[name] = (totals[name] ?? 0) + n;
        }
        const last = steps.at(-1)!;
        expect(totals.active ?? 0).toBe(last === 'active' ? 1 : 0);
        expect(totals.pending ?? 0).toBe(last === 'pending' ? 1 : 0);
      }),
    );
  });
});

describe('statsView()', () => {
  it('shows breakdowns of positive counters and target progress against the subtree', () => {
    const view = statsView({
      node: { id: 'xm', ancestors: ['root'], regionCode: '350200', counters: { active: 2, subtreeActive: 30, 'occupation#courier': 2, 'platform#a': 0 } },
      target: { year: 2026, members: 40 },
      rosters: { riders: 8, ridersWhoAreMembers: 2 },
      stations: [{ regionCode: '350203', station: '莲前驿站', riders: 3, ridersWhoAreMembers: 1 }],
      year: 2026,
    });
    expect(view.members).toEqual({ active: 2, pending: 0, byOccupation: { courier: 2 }, byPlatform: {}, bySource: {} });
    expect(view.target).toEqual({ year: 2026, members: 40, progress: 0.75 });
    expect(view.rosters).toEqual({ riders: 8, ridersWhoAreMembers: 2, coverage: 0.25, byStation: [{ regionCode: '350203', station: '莲前驿站', riders: 3, ridersWhoAreMembers: 1, coverage: 0.3333 }] });
    const empty = statsView({ node: { id: 'xm', ancestors: [], regionCode: '350200', counters: {} }, target: undefined, rosters: { riders: 0, ridersWhoAreMembers: 0 }, stations: [], year: 2026 });
    expect(empty.target).toBeNull();
    expect(empty.rosters.coverage).toBe(0);
  });
});

/** The counts each delta moves, by counter key (region prefix, or prefix, district and station). */
const counts = (deltas: ReadonlyMap<string, CoverageDelta> | undefined) =>
  deltas && Object.fromEntries([...deltas].map(([key, delta]) => [key.replaceAll('\u001f', '/'), { riders: delta.riders, ridersWhoAreMembers: delta.ridersWhoAreMembers }]));

describe('coverageDeltas()', () => {
  const rider = (version: number, rostered: boolean, isMember: boolean, regionCode = '350203', station: string | null = null) => ({ regionCode, station, rostered, isMember, version });

  it('counts a new rostered member at every prefix of its region', () => {
    expect(counts(coverageDeltas(undefined, rider(1, true, true))!)).toEqual({
      '35': { riders: 1, ridersWhoAreMembers: 1 },
      '3502': { riders: 1, ridersWhoAreMembers: 1 },
      '350203': { riders: 1, ridersWhoAreMembers: 1 },
    });
  });

  it('moves only what changed, and nothing for an older or repeated version', () => {
    expect(counts(coverageDeltas(rider(1, true, false), rider(2, true, true))!)).toEqual({
      '35': { riders: 0, ridersWhoAreMembers: 1 },
      '3502': { riders: 0, ridersWhoAreMembers: 1 },
      '350203': { riders: 0, ridersWhoAreMembers: 1 },
    });
    expect(counts(coverageDeltas(rider(2, true, true, '350203'), rider(3, true, true, '350206'))!)).toEqual({
      '350203': { riders: -1, ridersWhoAreMembers: -1 },
      '350206': { riders: 1, ridersWhoAreMembers: 1 },
    });
    expect(coverageDeltas(rider(3, true, true), rider(3, false, false))).toBeUndefined();
    expect(coverageDeltas(rider(3, true, true), rider(2, false, false))).toBeUndefined();
  });

  it('counts a rider with a station at the station of each prefix too, and moves it when the rider changes station', () => {
    expect(counts(coverageDeltas(undefined, rider(1, true, false, '350203', '莲前驿站')))).toEqual({
      '35': { riders: 1, ridersWhoAreMembers: 0 },
      '35/350203/莲前驿站': { riders: 1, ridersWhoAreMembers: 0 },
      '3502': { riders: 1, ridersWhoAreMembers: 0 },
      '3502/350203/莲前驿站': { riders: 1, ridersWhoAreMembers: 0 },
      '350203': { riders: 1, ridersWhoAreMembers: 0 },
      '350203/350203/莲前驿站': { riders: 1, ridersWhoAreMembers: 0 },
    });
    const moved = coverageDeltas(rider(1, true, true, '350203', '莲前驿站'), rider(2, true, true, '350203', '软件园驿站'))!;
    expect(counts(moved)).toEqual({
      '35/350203/莲前驿站': { riders: -1, ridersWhoAreMembers: -1 },
      '3502/350203/莲前驿站': { riders: -1, ridersWhoAreMembers: -1 },
      '350203/350203/莲前驿站': { riders: -1, ridersWhoAreMembers: -1 },
      '35/350203/软件园驿站': { riders: 1, ridersWhoAreMembers: 1 },
      '3502/350203/软件园驿站': { riders: 1, ridersWhoAreMembers: 1 },
      '350203/350203/软件园驿站': { riders: 1, ridersWhoAreMembers: 1 },
    });
    expect([...moved.values()].map((delta) => delta.counter).find((counter) => counter.prefix === '3502' && counter.station?.name === '软件园驿站')).toEqual({ prefix: '3502', station: { regionCode: '350203', name: '软件园驿站' } });
  });

  it('counts a departed rider nowhere', () => {
    expect(counts(coverageDeltas(rider(1, true, true), rider(2, false, true)))!['35']).toEqual({ riders: -1, ridersWhoAreMembers: -1 });
  });
});

describe('stationsToShow()', () => {
  const station = (name: string, riders: number, ridersWhoAreMembers: number) => ({ regionCode: '350203', station: name, riders, ridersWhoAreMembers });

  it('lists the stations with riders, most riders to invite first, at most STATIONS_SHOWN', () => {
    expect(stationsToShow([station('甲', 10, 9), station('乙', 5, 0), station('丙', 0, 0), station('丁', 8, 4)]).map((s) => s.station)).toEqual(['乙', '丁', '甲']);
    const many = Array.from({ length: STATIONS_SHOWN + 5 }, (_, i) => station(`站${String(i).padStart(3, '0')}`, i + 1, 0));
    const shown = stationsToShow(many);
    expect(shown).toHaveLength(STATIONS_SHOWN);
    expect(shown[0]!.riders).toBe(STATIONS_SHOWN + 5);
  });
});
