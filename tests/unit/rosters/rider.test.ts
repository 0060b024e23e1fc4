import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  RIDERS_PER_WRITE,
  RIDER_SHARDS,
  announcementOf,
  applyRow,
  departureOf,
  fingerprintText,
  byShard,
  inWriteBatches,
  latestPerRider,
  membershipOf,
  reportedOf,
  riderAnnouncement,
  settledWithoutIndexes,
  shardOf,
  visibleMembership,
  type Reported,
  type Rider,
} from '../../../functions/rosters/domain/rider.js';
import type { RosterRow } from '../../../functions/rosters/domain/chunk.js';
import { riderView } from '../../../functions/rosters/views.js';

const now = new Date('2026-11-23T00:00:00Z');
const context = { partnerId: 'acc_a', platform: '闽送即配', rosterId: 'rst_2', province: '35', now };
const reported: Reported = { riderId: 'r1', personIndex: 'idx', status: 'active', regionCode: '350203', station: null, occupation: 'courier', rowFingerprint: 'fp2' };
const stored: Rider = { ...reported, partnerId: 'acc_a', lastRosterId: 'rst_1', lastChange: 'created', rowFingerprint: 'fp1' };
const member = { isMember: true, sharedWithPlatforms: true, version: 3 };


describe('applyRow()', () => {
  const created = { ...reported, partnerId: 'acc_a', lastRosterId: 'rst_2', lastChange: 'created' as const };

  it('creates a rider it did not have, to be written as new', () => {
    expect(applyRow(undefined, reported, context)).toEqual({ kind: 'created', rider: created, write: created });
  });

  it('leaves a rider with the row\'s fingerprint unchanged, writing nothing', () => {
    const same = { ...stored, rowFingerprint: 'fp2' };
    expect(applyRow(same, reported, context)).toEqual({ kind: 'unchanged', rider: same });
  });

  it('writes a rider reported the same under another fingerprint (stored before fingerprints) once, to record it', () => {
    const { rowFingerprint: _none, ...legacy } = stored;
    const recorded = { ...legacy, rowFingerprint: 'fp2', lastRosterId: 'rst_2', lastChange: 'unchanged' as const };
    expect(applyRow(legacy, reported, context)).toEqual({ kind: 'unchanged', rider: recorded, write: recorded });
  });

  it.each([
    ['personIndex', 'other'],
    ['status', 'departed'],
    ['regionCode', '350206'],
    ['station', '莲前站'],
    ['occupation', 'food_delivery'],
  ])('updates a rider whose %s changed', (field, value) => {
    const { kind, write } = applyRow(stored, { ...reported, [field]: value }, context);
    expect(kind).toBe('updated');
    expect(write).toEqual({ ...stored, [field]: value, rowFingerprint: 'fp2', lastRosterId: 'rst_2', lastChange: 'updated' });
  });

  it('writes only what the roster says of the rider, never what the membership service said', () => {
    expect(applyRow({ ...stored, membership: member }, { ...reported, station: 'x' }, context).write).not.toHaveProperty('membership');
  });

  it('reports the first outcome again when the same roster applies the row twice, writing nothing', () => {
    const first = applyRow(undefined, reported, context).write!;
    expect(applyRow(first, { ...reported, station: 'changed' }, context)).toEqual({ kind: 'created', rider: first });
    const updated = applyRow(stored, { ...reported, station: 'x' }, context).write!;
    expect(applyRow(updated, { ...reported, station: 'x' }, context)).toEqual({ kind: 'updated', rider: updated });
  });
});

describe('announcementOf()', () => {
  const written = (riderId: string, lastChange: Rider['lastChange'], lastRosterId = 'rst_2'): Rider => ({ ...stored, riderId, lastRosterId, lastChange, ...(lastChange === 'departed' ? { status: 'departed' as const } : {}) });
  const announced = (riderId: string, status: 'active' | 'departed' = 'active') => ({ partnerId: 'acc_a', platform: '闽送即配', riderId, personIndex: 'idx', status, regionCode: '350203', station: null });

  it('announces every rider this roster created, updated or departed in one event, and no unchanged one or one another roster wrote', () => {
    const riders = [written('r1', 'created'), written('r2', 'unchanged'), written('r3', 'updated'), written('r4', 'departed'), written('r5', 'created', 'rst_1')];
    expect(announcementOf(riders, context)).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: 'RiderStatusChanged',
      version: 2,
      occurredAt: '2026-11-23T00:00:00.000Z',
      province: '35',
      data: { riders: [announced('r1'), announced('r3'), announced('r4', 'departed')] },
    });
  });

  it('names the announcement by the roster and what it announces, so a batch run again after a crash announces under the same id', () => {
    const riders = [written('r1', 'created'), written('r3', 'updated')];
    const later = { ...context, now: new Date('2026-11-23T00:05:00Z') };
    expect(announcementOf(riders, later)!.id).toBe(announcementOf(riders, context)!.id);
    expect(announcementOf([...riders, written('r2', 'unchanged')], context)!.id).toBe(announcementOf(riders, context)!.id);
    expect(announcementOf([written('r1', 'created')], context)!.id).not.toBe(announcementOf(riders, context)!.id);
    expect(announcementOf([written('r1', 'updated'), written('r3', 'updated')], context)!.id).not.toBe(announcementOf(riders, context)!.id);
    expect(announcementOf(riders.map((rider) => ({ ...rider, lastRosterId: 'rst_3' })), { ...context, rosterId: 'rst_3' })!.id).not.toBe(announcementOf(riders, context)!.id);
  });

  it('announces nothing when only fingerprints were written, or nothing at all', () => {
    expect(announcementOf([written('r2', 'unchanged')], context)).toBeUndefined();
    expect(announcementOf([], context)).toBeUndefined();
  });
});

describe('settledWithoutIndexes()', () => {
  it('settles a rider this roster wrote and a rider with the same fingerprint, and nothing else', () => {
    expect(settledWithoutIndexes(undefined, 'fp1', 'rst_2')).toBeUndefined();
    expect(settledWithoutIndexes(stored, 'fp1', 'rst_2')).toBe('unchanged');
    expect(settledWithoutIndexes(stored, 'fp9', 'rst_2')).toBeUndefined();
    expect(settledWithoutIndexes({ ...stored, lastRosterId: 'rst_2', lastChange: 'updated' }, 'fp9', 'rst_2')).toBe('updated');
    const { rowFingerprint: _none, ...legacy } = stored;
    expect(settledWithoutIndexes(legacy, 'fp1', 'rst_2')).toBeUndefined();
  });
});

describe('fingerprintText()', () => {
  const row: RosterRow = { riderId: 'r1', name: '张三', mobile: '13800000000', idNumber: 'X', regionCode: '350203', occupation: 'courier', status: 'active' };

  it('is the same for the same row whatever the order of its fields, and differs when any field does', () => {
    const reordered = Object.fromEntries(Object.entries(row).reverse()) as RosterRow;
    expect(fingerprintText(reordered)).toBe(fingerprintText(row));
    expect(fingerprintText({ ...row, station: undefined })).toBe(fingerprintText(row));
    for (const [field, value] of Object.entries({ riderId: 'r2', name: '李四', mobile: '13900000000', idNumber: 'Y', regionCode: '350206', occupation: 'food_delivery', station: 's', status: 'departed' })) {
      expect(fingerprintText({ ...row, [field]: value })).not.toBe(fingerprintText(row));
    }
  });
});

describe('departureOf()', () => {
  const seen = new Set(['r7']);

  it('departs an active rider the snapshot did not list, dropping its fingerprint', () => {
    const { rowFingerprint: _dropped, ...rest } = stored;
    const departed = { ...rest, status: 'departed', lastRosterId: 'rst_2', lastChange: 'departed' };
    expect(departureOf(stored, seen, context)).toEqual({ counts: true, rider: departed, write: departed });
  });

  it('leaves riders the snapshot listed and riders departed before, and counts again those this roster departed', () => {
    const listed = { ...stored, riderId: 'r7' };
    expect(departureOf(listed, seen, context)).toEqual({ counts: false, rider: listed });
    const gone = { ...stored, status: 'departed' as const };
    expect(departureOf(gone, seen, context)).toEqual({ counts: false, rider: gone });
    const departed = departureOf(stored, seen, context).write!;
    expect(departureOf(departed, seen, context)).toEqual({ counts: true, rider: departed });
    const updated = { ...stored, lastRosterId: 'rst_2', lastChange: 'updated' as const };
    expect(departureOf(updated, seen, context)).toEqual({ counts: false, rider: updated });
  });
});

describe('shardOf(), byShard() and inWriteBatches()', () => {
  it('puts every rider id in one shard, always the same, spreading ids over all shards', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (id) => {
        const shard = shardOf(id);
        expect(Number.isInteger(shard) && shard >= 0 && shard < RIDER_SHARDS).toBe(true);
        expect(shardOf(id)).toBe(shard);
      }),
    );
    const counts = new Array<number>(RIDER_SHARDS).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`rider-${i}`)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });

  it('groups riders by shard, in their order, losing none', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 50 }), (ids) => {
        const grouped = byShard(ids.map((riderId, at) => ({ riderId, at })));
        expect([...grouped.values()].flat().map((rider) => rider.riderId).sort()).toEqual([...ids].sort());
        for (const [shard, members] of grouped) {
          for (const { riderId } of members) expect(shardOf(riderId)).toBe(shard);
          expect(members.map((rider) => rider.at)).toEqual([...members.map((rider) => rider.at)].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('cuts items into batches of RIDERS_PER_WRITE, in order, losing none', () => {
    fc.assert(
      fc.property(fc.nat({ max: 400 }), (n) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const batches = inWriteBatches(items);
        expect(batches.flat()).toEqual(items);
        expect(batches.every((batch) => batch.length > 0 && batch.length <= RIDERS_PER_WRITE)).toBe(true);
        expect(batches.length).toBe(Math.ceil(n / RIDERS_PER_WRITE));
      }),
    );
  });
});

describe('riderAnnouncement()', () => {
  it('carries the rider, the platform and the blind index, nothing of the roster', () => {
    expect(riderAnnouncement({ ...stored, station: 's', membership: member }, 'P')).toEqual({
      partnerId: 'acc_a',
      platform: 'P',
      riderId: 'r1',
      personIndex: 'idx',
      status: 'active',
      regionCode: '350203',
      station: 's',
    });
  });
});

describe('visibleMembership() and riderView()', () => {
  it('shows membership only when the member shares it with platforms', () => {
    expect(visibleMembership({ ...stored, membership: { isMember: true, sharedWithPlatforms: true, version: 1 } })).toBe(true);
    expect(visibleMembership({ ...stored, membership: { isMember: false, sharedWithPlatforms: true, version: 1 } })).toBe(false);
    expect(visibleMembership({ ...stored, membership: { isMember: true, sharedWithPlatforms: false, version: 1 } })).toBeNull();
    expect(visibleMembership({ ...stored, membership: { isMember: false, sharedWithPlatforms: false, version: 1 } })).toBeNull();
    expect(visibleMembership(stored)).toBeNull();
  });

  it('shows the partner where its rider is and, with consent, whether a member', () => {
    expect(riderView({ ...stored, station: '莲前站', membership: member })).toEqual({ riderId: 'r1', status: 'active', regionCode: '350203', station: '莲前站', isMember: true });
    expect(riderView(stored)).toEqual({ riderId: 'r1', status: 'active', regionCode: '350203', station: null, isMember: null });
  });
});

describe('membershipOf()', () => {
  it('reads an announcement without consent (published before consent existed) as not shared', () => {
    expect(membershipOf({ isMember: true, version: 2 })).toEqual({ isMember: true, sharedWithPlatforms: false, version: 2 });
    expect(membershipOf({ isMember: true, sharedWithPlatforms: false, version: 2 })).toEqual({ isMember: true, sharedWithPlatforms: false, version: 2 });
    expect(membershipOf({ isMember: false, sharedWithPlatforms: true, version: 7 })).toEqual({ isMember: false, sharedWithPlatforms: true, version: 7 });
  });
});

describe('reportedOf() and latestPerRider()', () => {
  const row: RosterRow = { riderId: 'r1', name: '张三', mobile: '13800000000', idNumber: 'X', regionCode: '350203', occupation: 'courier', status: 'active' };

  it('keeps what a rider is known by, the blind index instead of the person', () => {
    const indexes = { personIndex: 'idx', contactIndex: 'contact', rowFingerprint: 'fp2' };
    expect(reportedOf(row, indexes)).toEqual({ ...reported, contactIndex: 'contact', maskedName: '张*', maskedMobile: '138****0000' });
    expect(reportedOf({ ...row, station: 's' }, indexes).station).toBe('s');
  });

  it('keeps the last row of each rider, where the rider first appeared', () => {
    const rows = [row, { ...row, riderId: 'r2' }, { ...row, station: 'last' }];
    expect(latestPerRider(rows)).toEqual([{ ...row, station: 'last' }, { ...row, riderId: 'r2' }]);
  });
});
