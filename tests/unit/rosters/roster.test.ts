import { describe, expect, it } from 'vitest';
import { applyRow, departAbsent, type Rider } from '../../../functions/rosters/domain/rider.js';
import { checkComplete, emptyCounts, ownRoster, validateRows, type Roster } from '../../../functions/rosters/domain/roster.js';
import { validIdNumber } from '../../helpers/identity.js';

const roster: Roster = { id: 'rst_1', partnerId: 'acc_a', mode: 'snapshot', asOf: '', status: 'receiving', chunks: null, rows: emptyCounts(), createdAt: '', completedAt: null };
const context = { partnerId: 'acc_a', platform: '闽送即配', rosterId: 'rst_2', province: '35', now: new Date('2026-11-23T00:00:00Z') };
const reported = { riderId: 'r1', personIndex: 'idx', status: 'active' as const, regionCode: '350203', station: null, occupation: 'courier' as const };
const stored: Rider = { ...reported, partnerId: 'acc_a', lastRosterId: 'rst_1', lastChange: 'created' };

describe('validateRows()', () => {
  it('accepts good rows and reports each bad field of bad ones by index', () => {
    const good = { riderId: 'r1', name: '张三', mobile: '13800000000', idNumber: validIdNumber(1), regionCode: '350203', occupation: 'courier', status: 'active' };
    const { accepted, rejected } = validateRows([good, { ...good, idNumber: '1', status: 'gone' }, 'not a row']);
    expect(accepted).toHaveLength(1);
    expect(rejected.map((r) => `${r.index}:${r.path}`)).toEqual(['1:idNumber', '1:status', '2:row']);
  });
});

describe('checkComplete()', () => {
  it('names missing chunks and chunks beyond the count', () => {
    expect(() => checkComplete(roster, 3, [1, 3])).toThrow('Chunks missing: 2');
    expect(() => checkComplete(roster, 1, [1, 2])).toThrow('Chunks beyond 1 were sent: 2');
    expect(() => checkComplete({ ...roster, status: 'processing' }, 1, [1])).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => checkComplete(roster, 2, [2, 1])).not.toThrow();
  });
});

describe('ownRoster()', () => {
  it('hides another partner roster as not found', () => {
    expect(ownRoster('acc_a', roster, 'rst_1')).toBe(roster);
    expect(() => ownRoster('acc_b', roster, 'rst_1')).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('applyRow()', () => {
  it('creates, updates or leaves riders, announcing only changes', () => {
    expect(applyRow(undefined, reported, context)).toMatchObject({ kind: 'created', event: { type: 'RiderStatusChanged', data: { platform: '闽送即配', personIndex: 'idx' } } });
    expect(applyRow(stored, reported, context)).toMatchObject({ kind: 'unchanged', rider: { lastRosterId: 'rst_2' } });
    expect(applyRow(stored, reported, context).event).toBeUndefined();
    expect(applyRow(stored, { ...reported, station: '莲前站' }, context)).toMatchObject({ kind: 'updated', event: { data: { station: '莲前站' } } });
  });

  it('reports the first outcome again when the same roster is applied twice', () => {
    const first = applyRow(undefined, reported, context);
    const again = applyRow(first.rider, reported, context);
    expect(again).toEqual({ rider: first.rider, kind: 'created' });
  });
});

describe('departAbsent()', () => {
  it('departs active riders the snapshot did not list, once', () => {
    const departure = departAbsent(stored, context)!;
    expect(departure).toMatchObject({ kind: 'departed', rider: { status: 'departed', lastRosterId: 'rst_2' }, event: { data: { status: 'departed' } } });
    expect(departAbsent(departure.rider, context)).toBeUndefined();
    expect(departAbsent({ ...stored, lastRosterId: 'rst_2' }, context)).toBeUndefined();
    expect(departAbsent({ ...stored, status: 'departed' }, { ...context, rosterId: 'rst_3' })).toBeUndefined();
  });
});
