import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../shared/auth/caller.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import type { CoverageDelta, OrgNode, RegionCoverage, RiderCoverage, Target } from '../../../functions/stats/domain/org-stats.js';
import { orgStats, setTarget } from '../../../functions/stats/use-cases/org-stats.js';
import { projectRiderCoverage } from '../../../functions/stats/use-cases/project-rider-coverage.js';
import { riderCoverageId, type RiderCoverageRecord } from '../../../functions/stats/repository.js';
import fc from 'fast-check';

/** Rider coverage in memory, with the repository's condition: every record must still be the one read. */
function memoryCoverage(initial: RiderCoverage[] = [], racesFirst = 0) {
  const stored = new Map(initial.map((coverage, i) => [`acc_1#r-${i + 1}`, coverage]));
  let races = racesFirst;
  const regions = new Map<string, RegionCoverage>();
  const transactions: number[] = [];
  const stats = {
    riderCoverages: async (riders: readonly { partnerId: string; riderId: string }[]) =>
      new Map(riders.flatMap((rider) => (stored.has(riderCoverageId(rider)) ? [[riderCoverageId(rider), stored.get(riderCoverageId(rider))!] as const] : []))),
    recordRiderCoverages: async (records: readonly RiderCoverageRecord[], deltas: ReadonlyMap<string, CoverageDelta>) => {
      if (races > 0) {
        races -= 1;
        throw new ConcurrentChangeError();
      }
      if (records.some((record) => (stored.get(riderCoverageId(record))?.version ?? 0) !== record.readVersion)) throw new ConcurrentChangeError();
      expect(records.length + deltas.size).toBeLessThanOrEqual(100);
      transactions.push(records.length + deltas.size);
      for (const record of records) stored.set(riderCoverageId(record), record.next);
      for (const [prefix, delta] of deltas) {
        const now = regions.get(prefix) ?? { riders: 0, ridersWhoAreMembers: 0 };
        regions.set(prefix, { riders: now.riders + delta.riders, ridersWhoAreMembers: now.ridersWhoAreMembers + delta.ridersWhoAreMembers });
      }
    },
  };
  return { stats, regions, transactions, stored: (riderId = 'r-1') => stored.get(`acc_1#${riderId}`) };
}

const member: RiderCoverage = { regionCode: '350203', rostered: true, isMember: true, version: 10 };
const announced = (coverage: RiderCoverage, riderId = 'r-1') => ({ partnerId: 'acc_1', riderId, ...coverage });

describe('projectRiderCoverage()', () => {
  it('counts a new rostered member in every region prefix of their district', async () => {
    const memory = memoryCoverage();
    await projectRiderCoverage([announced(member)], { stats: memory.stats });
    expect(Object.fromEntries(memory.regions)).toEqual({
      '35': { riders: 1, ridersWhoAreMembers: 1 },
      '3502': { riders: 1, ridersWhoAreMembers: 1 },
      '350203': { riders: 1, ridersWhoAreMembers: 1 },
    });
    expect(memory.stored()).toEqual(member);
  });

  it('moves nothing for an older or repeated announcement', async () => {
    const memory = memoryCoverage([member]);
    await projectRiderCoverage([announced({ ...member, isMember: false, version: 9 })], { stats: memory.stats });
    await projectRiderCoverage([announced(member)], { stats: memory.stats });
    expect(memory.regions.size).toBe(0);
    expect(memory.stored()).toEqual(member);
  });

  it('reads again after losing a race, and gives up after five tries', async () => {
    const recovering = memoryCoverage([], 2);
    await projectRiderCoverage([announced(member)], { stats: recovering.stats });
    expect(recovering.stored()).toEqual(member);
    const hopeless = memoryCoverage([], 5);
    await expect(projectRiderCoverage([announced(member)], { stats: hopeless.stats })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(hopeless.stored()).toBeUndefined();
  });

  it('sums the riders of one announcement into one move per region, never over 100 items to a transaction, counting each rider once across retries', async () => {
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ district: fc.integer({ min: 0, max: 79 }), rostered: fc.boolean(), isMember: fc.boolean() }), { minLength: 1, maxLength: 100 }),
        fc.integer({ min: 0, max: 3 }),
        async (riders, races) => {
          const memory = memoryCoverage([], races);
          const batch = riders.map((rider, i) => announced({ regionCode: `35${String(2 + (rider.district % 8)).padStart(2, '0')}${String(rider.district).padStart(2, '0')}`, rostered: rider.rostered, isMember: rider.isMember, version: 1 }, `r-${i + 1}`));
          await projectRiderCoverage(batch, { stats: memory.stats });
          const rostered = batch.filter((rider) => rider.rostered);
          expect(memory.regions.get('35') ?? { riders: 0, ridersWhoAreMembers: 0 }).toEqual({ riders: rostered.length, ridersWhoAreMembers: rostered.filter((rider) => rider.isMember).length });
          for (const rider of batch) expect(memory.stored(rider.riderId)).toEqual({ regionCode: rider.regionCode, rostered: rider.rostered, isMember: rider.isMember, version: 1 });
        },
      ),
      { numRuns: 50 },
    );
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
      stationCoverage: async (prefix: string) =>
        prefix === '350203'
          ? [
              { regionCode: '350203', station: '莲前驿站', riders: 3, ridersWhoAreMembers: 0 },
              { regionCode: '350203', station: '空站', riders: 0, ridersWhoAreMembers: 0 },
              { regionCode: '350203', station: '软件园驿站', riders: 1, ridersWhoAreMembers: 1 },
            ]
          : [],
    },
    clock: { now: () => new Date('2026-06-01T00:00:00Z') },
  };
  const staffOf = (orgId: string): Caller => ({ role: 'org_admin', principalId: 'org_admin:s', sub: 's', orgId });

  it('reads the year\'s target and the coverage of the org\'s own district', async () => {
    expect(await orgStats('siming', staffOf('xiamen'), ports)).toEqual({
      node,
      target: { year: 2026, members: 10 },
      rosters: { riders: 4, ridersWhoAreMembers: 1 },
      stations: [
        { regionCode: '350203', station: '莲前驿站', riders: 3, ridersWhoAreMembers: 0 },
        { regionCode: '350203', station: '软件园驿站', riders: 1, ridersWhoAreMembers: 1 },
      ],
      year: 2026,
    });
  });

  it('counts in Asia/Shanghai years: on the evening of 31 December UTC it is already the new year', async () => {
    const newYear = { ...ports, clock: { now: () => new Date('2026-12-31T16:00:00Z') } };
    expect((await orgStats('siming', staffOf('xiamen'), newYear)).year).toBe(2027);
    expect((await orgStats('siming', staffOf('xiamen'), { ...ports, clock: { now: () => new Date('2026-12-31T15:59:59Z') } })).year).toBe(2026);
  });

  it('reads the target and the counters of the year asked for', async () => {
    const lastYear = await orgStats('siming', staffOf('xiamen'), ports, 2025);
    expect(lastYear.year).toBe(2025);
    expect(lastYear.target).toBeUndefined();
    expect((await orgStats('siming', staffOf('xiamen'), { ...ports, clock: { now: () => new Date('2027-03-01T00:00:00Z') } }, 2026)).target).toEqual({ year: 2026, members: 10 });
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
