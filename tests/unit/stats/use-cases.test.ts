import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../shared/auth/caller.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import type { OrgNode, RegionCoverage, RiderCoverage, Target } from '../../../functions/stats/domain/org-stats.js';
import { orgStats, setTarget } from '../../../functions/stats/use-cases/org-stats.js';
import { projectRiderCoverage } from '../../../functions/stats/use-cases/project-rider-coverage.js';

/** Rider coverage in memory, with the repository's condition: the record must still be the one read. */
function memoryCoverage(initial?: RiderCoverage, racesFirst = 0) {
  let stored = initial;
  let races = racesFirst;
  const regions = new Map<string, RegionCoverage>();
  const stats = {
    getRiderCoverage: async () => stored,
    recordRiderCoverage: async (_partner: string, _rider: string, next: RiderCoverage, readVersion: number, deltas: Map<string, RegionCoverage>) => {
      if (races > 0) {
        races -= 1;
        throw new ConcurrentChangeError();
      }
      if ((stored?.version ?? 0) !== readVersion) throw new ConcurrentChangeError();
      stored = next;
      for (const [prefix, delta] of deltas) {
        const now = regions.get(prefix) ?? { riders: 0, ridersWhoAreMembers: 0 };
        regions.set(prefix, { riders: now.riders + delta.riders, ridersWhoAreMembers: now.ridersWhoAreMembers + delta.ridersWhoAreMembers });
      }
    },
  };
  return { stats, regions, stored: () => stored };
}

const rider = { partnerId: 'acc_1', riderId: 'r-1' };
const member: RiderCoverage = { regionCode: '350203', rostered: true, isMember: true, version: 10 };

describe('projectRiderCoverage()', () => {
  it('counts a new rostered member in every region prefix of their district', async () => {
    const memory = memoryCoverage();
    await projectRiderCoverage(rider, member, { stats: memory.stats });
    expect(Object.fromEntries(memory.regions)).toEqual({
      '35': { riders: 1, ridersWhoAreMembers: 1 },
      '3502': { riders: 1, ridersWhoAreMembers: 1 },
      '350203': { riders: 1, ridersWhoAreMembers: 1 },
    });
    expect(memory.stored()).toEqual(member);
  });

  it('moves nothing for an older or repeated announcement', async () => {
    const memory = memoryCoverage(member);
    await projectRiderCoverage(rider, { ...member, isMember: false, version: 9 }, { stats: memory.stats });
    await projectRiderCoverage(rider, member, { stats: memory.stats });
    expect(memory.regions.size).toBe(0);
    expect(memory.stored()).toEqual(member);
  });

  it('reads again after losing a race, and gives up after five tries', async () => {
    const recovering = memoryCoverage(undefined, 2);
    await projectRiderCoverage(rider, member, { stats: recovering.stats });
    expect(recovering.stored()).toEqual(member);
    const hopeless = memoryCoverage(undefined, 5);
    await expect(projectRiderCoverage(rider, member, { stats: hopeless.stats })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(hopeless.stored()).toBeUndefined();
  });
});

describe('orgStats() and setTarget()', () => {
  const node: OrgNode = { id: 'siming', ancestors: ['root', 'xiamen'], regionCode: '350203', counters: { active: 3 } };
  const targets: { orgId: string; target: Target }[] = [];
  const ports = {
    stats: {
      getNode: async (orgId: string) => (orgId === node.id ? node : undefined),
      getTarget: async (_orgId: string, year: number) => (year === 2026 ? { year, members: 10 } : undefined),
      putTarget: async (orgId: string, target: Target) => void targets.push({ orgId, target }),
      regionCoverage: async (prefix: string) => ({ riders: prefix === '350203' ? 4 : 0, ridersWhoAreMembers: prefix === '350203' ? 1 : 0 }),
    },
    clock: { now: () => new Date('2026-06-01T00:00:00Z') },
  };
  const staffOf = (orgId: string): Caller => ({ role: 'org_admin', principalId: 'org_admin:s', sub: 's', orgId });

  it('reads the year\'s target and the coverage of the org\'s own district', async () => {
    expect(await orgStats('siming', staffOf('xiamen'), ports)).toEqual({ node, target: { year: 2026, members: 10 }, rosters: { riders: 4, ridersWhoAreMembers: 1 }, year: 2026 });
  });

  it('counts in Asia/Shanghai years: on the evening of 31 December UTC it is already the new year', async () => {
    const newYear = { ...ports, clock: { now: () => new Date('2026-12-31T16:00:00Z') } };
    expect((await orgStats('siming', staffOf('xiamen'), newYear)).year).toBe(2027);
    expect((await orgStats('siming', staffOf('xiamen'), { ...ports, clock: { now: () => new Date('2026-12-31T15:59:59Z') } })).year).toBe(2026);
  });

  it('hides an org outside the caller\'s subtree, and one the projection has not seen, as not found', async () => {
    await expect(orgStats('siming', staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
    await expect(orgStats('unknown', staffOf('xiamen'), ports)).rejects.toMatchObject({ status: 404 });
  });

  it('stores a target only for an org in scope', async () => {
    expect(await setTarget('siming', { year: 2027, members: 50 }, staffOf('siming'), ports)).toEqual({ orgId: 'siming', year: 2027, members: 50 });
    await expect(setTarget('siming', { year: 2027, members: 1 }, staffOf('huli'), ports)).rejects.toMatchObject({ status: 404 });
    expect(targets).toEqual([{ orgId: 'siming', target: { year: 2027, members: 50 } }]);
  });
});
