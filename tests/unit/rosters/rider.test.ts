import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  RIDER_SHARDS,
  announcementOf,
  applyRow,
  departureOf,
  fingerprintText,
  idsByShard,
  latestPerRider,
  membershipOf,
  reportedOf,
  riderAnnouncement,
  settledWithoutIndexes,
  shardOf,
  supersedes,
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
  it('creates a rider it did not have, to be written as new', () => {
    expect(applyRow(undefined, reported, context)).toEqual({
      kind: 'created',
      change: { kind: 'created', basedOn: null, rider: { ...reported, partnerId: 'acc_a', lastRosterId: 'rst_2', lastChange: 'created' } },
    });
  });

  it('leaves a rider with the row\'s fingerprint unchanged, writing and announcing nothing', () => {
    expect(applyRow({ ...stored, rowFingerprint: 'fp2' }, reported, context)).toEqual({ kind: 'unchanged' });
  });

  it('writes a rider reported the same under another fingerprint (stored before fingerprints) once, to record it, announcing nothing', () => {
    const { rowFingerprint: _none, ...legacy } = stored;
    expect(applyRow(legacy, reported, context)).toEqual({
      kind: 'unchanged',
      change: { kind: 'unchanged', basedOn: 'rst_1', rider: { ...legacy, rowFingerprint: 'fp2', lastRosterId: 'rst_2', lastChange: 'unchanged' } },
    });
  });

  it.each([
    ['personIndex', 'other'],
    ['status', 'departed'],
    ['regionCode', '350206'],
    ['station', '莲前站'],
    ['occupation', 'food_delivery'],
  ])('updates a rider whose %s changed, conditioned on the roster that wrote it last', (field, value) => {
    const { kind, change } = applyRow(stored, { ...reported, [field]: value }, context);
    expect(kind).toBe('updated');
    expect(change!.basedOn).toBe('rst_1');
    expect(change!.rider).toEqual({ ...stored, [field]: value, rowFingerprint: 'fp2', lastRosterId: 'rst_2', lastChange: 'updated' });
  });

  it('keeps what the membership service said of the rider', () => {
    expect(applyRow({ ...stored, membership: member }, { ...reported, station: 'x' }, context).change!.rider.membership).toEqual(member);
    expect(applyRow(stored, { ...reported, station: 'x' }, context).change!.rider).not.toHaveProperty('membership');
  });

  it('reports the first outcome again when the same roster applies the row twice, writing and announcing nothing', () => {
    const first = applyRow(undefined, reported, context).change!;
    expect(applyRow(first.rider, { ...reported, station: 'changed' }, context)).toEqual({ kind: 'created' });
    const updated = applyRow(stored, { ...reported, station: 'x' }, context).change!;
    expect(applyRow(updated.rider, { ...reported, station: 'x' }, context)).toEqual({ kind: 'updated' });
  });
});

describe('announcementOf()', () => {
  const change = (riderId: string, kind: Rider['lastChange']) => ({ kind, basedOn: null, rider: { ...stored, riderId, lastRosterId: 'rst_2', lastChange: kind } });
  const announced = (riderId: string, status: 'active' | 'departed' = 'active') => ({ partnerId: 'acc_a', platform: '闽送即配', riderId, personIndex: 'idx', status, regionCode: '350203', station: null });

  it('announces every created, updated and departed rider written together in one event, and no unchanged one', () => {
    const changes = [change('r1', 'created'), change('r2', 'unchanged'), change('r3', 'updated'), { ...change('r4', 'departed'), rider: { ...stored, riderId: 'r4', status: 'departed' as const } }];
    expect(announcementOf(changes, context)).toEqual({
      id: expect.any(String),
      type: 'RiderStatusChanged',
      version: 2,
      occurredAt: '2026-11-23T00:00:00.000Z',
      province: '35',
      data: { riders: [announced('r1'), announced('r3'), announced('r4', 'departed')] },
    });
  });

  it('announces nothing when only fingerprints were written, or nothing at all', () => {
    expect(announcementOf([change('r2', 'unchanged')], context)).toBeUndefined();
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
    expect(departureOf({ ...stored, membership: member }, seen, context)).toEqual({
      counts: true,
      change: { kind: 'departed', basedOn: 'rst_1', rider: { ...rest, membership: member, status: 'departed', lastRosterId: 'rst_2', lastChange: 'departed' } },
    });
  });

  it('leaves riders the snapshot listed and riders departed before, and counts again those this roster departed', () => {
    expect(departureOf({ ...stored, riderId: 'r7' }, seen, context)).toEqual({ counts: false });
    expect(departureOf({ ...stored, status: 'departed' }, seen, context)).toEqual({ counts: false });
    const departed = departureOf(stored, seen, context).change!.rider;
    expect(departureOf(departed, seen, context)).toEqual({ counts: true });
    expect(departureOf({ ...stored, lastRosterId: 'rst_2', lastChange: 'updated' }, seen, context)).toEqual({ counts: false });
  });
});

describe('shardOf() and idsByShard()', () => {
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

  it('groups ids by shard, losing none', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 50 }), (ids) => {
        const grouped = idsByShard(ids);
        expect([...grouped.values()].flat().sort()).toEqual([...ids].sort());
        for (const [shard, members] of grouped) for (const id of members) expect(shardOf(id)).toBe(shard);
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

describe('supersedes()', () => {
  it('records an announcement only on a stored rider holding an older version or none', () => {
    fc.assert(fc.property(fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }), fc.integer({ min: 1, max: 9 }), (held, announced) => {
      const rider: Rider = held === undefined ? stored : { ...stored, membership: { ...member, version: held } };
      expect(supersedes(rider, { ...member, version: announced })).toBe(announced > (held ?? 0));
      expect(supersedes(undefined, { ...member, version: announced })).toBe(false);
    }));
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
