import { describe, expect, it } from 'vitest';
import {
  applyRow,
  departAbsent,
  latestPerRider,
  membershipOf,
  reportedOf,
  riderAnnouncement,
  visibleMembership,
  type Reported,
  type Rider,
} from '../../../functions/rosters/domain/rider.js';
import type { RosterRow } from '../../../functions/rosters/domain/chunk.js';
import { riderView } from '../../../functions/rosters/views.js';

const now = new Date('2026-11-23T00:00:00Z');
const context = { partnerId: 'acc_a', platform: '闽送即配', rosterId: 'rst_2', province: '35', now };
const reported: Reported = { riderId: 'r1', personIndex: 'idx', status: 'active', regionCode: '350203', station: null, occupation: 'courier' };
const stored: Rider = { ...reported, partnerId: 'acc_a', lastRosterId: 'rst_1', lastChange: 'created' };
const member = { isMember: true, sharedWithPlatforms: true, version: 3 };

const announcement = (data: Record<string, unknown>) => ({
  id: expect.any(String),
  type: 'RiderStatusChanged',
  version: 1,
  occurredAt: '2026-11-23T00:00:00.000Z',
  province: '35',
  data,
});

describe('applyRow()', () => {
  it('creates a rider it did not have and announces it whole', () => {
    expect(applyRow(undefined, reported, context)).toEqual({
      kind: 'created',
      rider: { ...reported, partnerId: 'acc_a', lastRosterId: 'rst_2', lastChange: 'created' },
      event: announcement({ partnerId: 'acc_a', platform: '闽送即配', riderId: 'r1', personIndex: 'idx', status: 'active', regionCode: '350203', station: null }),
    });
  });

  it('leaves a rider reported the same unchanged, recording the roster saw it, announcing nothing', () => {
    expect(applyRow(stored, reported, context)).toEqual({ kind: 'unchanged', rider: { ...stored, lastRosterId: 'rst_2', lastChange: 'unchanged' } });
  });

  it.each([
    ['personIndex', 'other'],
    ['status', 'departed'],
    ['regionCode', '350206'],
    ['station', '莲前站'],
    ['occupation', 'food_delivery'],
  ])('updates a rider whose %s changed and announces it', (field, value) => {
    const change = applyRow(stored, { ...reported, [field]: value }, context);
    expect(change.kind).toBe('updated');
    expect(change.rider).toEqual({ ...stored, [field]: value, lastRosterId: 'rst_2', lastChange: 'updated' });
    expect(change.event).toEqual(announcement(riderAnnouncement(change.rider, '闽送即配')));
  });

  it('keeps what the membership service said of the rider', () => {
    expect(applyRow({ ...stored, membership: member }, { ...reported, station: 'x' }, context).rider.membership).toEqual(member);
    expect(applyRow(stored, reported, context).rider).not.toHaveProperty('membership');
  });

  it('reports the first outcome again when the same roster is applied twice, announcing nothing', () => {
    const first = applyRow(undefined, reported, context);
    expect(applyRow(first.rider, { ...reported, station: 'changed' }, context)).toEqual({ rider: first.rider, kind: 'created' });
    const updated = applyRow(stored, { ...reported, station: 'x' }, context);
    expect(applyRow(updated.rider, { ...reported, station: 'x' }, context)).toEqual({ rider: updated.rider, kind: 'updated' });
  });
});

describe('departAbsent()', () => {
  it('departs an active rider the snapshot did not list, announcing it', () => {
    expect(departAbsent({ ...stored, membership: member }, context)).toEqual({
      kind: 'departed',
      rider: { ...stored, membership: member, status: 'departed', lastRosterId: 'rst_2', lastChange: 'departed' },
      event: announcement({ partnerId: 'acc_a', platform: '闽送即配', riderId: 'r1', personIndex: 'idx', status: 'departed', regionCode: '350203', station: null }),
    });
  });

  it('leaves riders the roster touched, and riders already departed', () => {
    const departure = departAbsent(stored, context)!;
    expect(departAbsent(departure.rider, context)).toBeUndefined();
    expect(departAbsent({ ...stored, lastRosterId: 'rst_2' }, context)).toBeUndefined();
    expect(departAbsent({ ...stored, status: 'departed' }, { ...context, rosterId: 'rst_3' })).toBeUndefined();
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
    expect(reportedOf(row, 'idx', 'contact')).toEqual({ ...reported, contactIndex: 'contact' });
    expect(reportedOf({ ...row, station: 's' }, 'idx', 'contact').station).toBe('s');
  });

  it('keeps the last row of each rider, where the rider first appeared', () => {
    const rows = [row, { ...row, riderId: 'r2' }, { ...row, station: 'last' }];
    expect(latestPerRider(rows)).toEqual([{ ...row, station: 'last' }, { ...row, riderId: 'r2' }]);
  });
});
