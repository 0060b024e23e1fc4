import fc from 'fast-check';
import geohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { coveringRanges, distanceM, geoKeysOf, inRange, MAX_RANGE_QUERIES, MAX_RADIUS_M, type CellRange } from '../../../functions/stations/domain/geo.js';
import { averageRating, isOpenAt, planStation, type Hours, type Station, type StationInput } from '../../../functions/stations/domain/station.js';
import type { StationRepository } from '../../../functions/stations/repository.js';
import { searchStations } from '../../../functions/stations/use-cases/stations.js';
import { newLocalKeyring } from '../../../shared/crypto/pii-vault.js';

/** An instant given as Asia/Shanghai wall-clock time. */
const shanghai = (local: string) => new Date(`${local}+08:00`);
// 2026-12-07 is a Monday.
const weekdays: Hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
const overnight: Hours = { days: [5], start: '22:00', end: '06:00' };

describe('isOpenAt()', () => {
  it('follows the wall clock of Asia/Shanghai, start included and end excluded', () => {
    expect(isOpenAt(weekdays, shanghai('2026-12-07T09:00'))).toBe(true);
    expect(isOpenAt(weekdays, shanghai('2026-12-07T08:59'))).toBe(false);
    expect(isOpenAt(weekdays, shanghai('2026-12-07T18:00'))).toBe(false);
    expect(isOpenAt(weekdays, new Date('2026-12-07T01:00:00Z'))).toBe(true); // 09:00 in Xiamen
    expect(isOpenAt(weekdays, shanghai('2026-12-12T10:00'))).toBe(false); // Saturday
    expect(isOpenAt({ always: true }, shanghai('2026-12-12T03:00'))).toBe(true);
  });

  it('keeps an overnight window open into the next morning, and only after its own day', () => {
    expect(isOpenAt(overnight, shanghai('2026-12-11T23:30'))).toBe(true); // Friday night
    expect(isOpenAt(overnight, shanghai('2026-12-12T05:59'))).toBe(true); // Saturday morning
    expect(isOpenAt(overnight, shanghai('2026-12-12T06:00'))).toBe(false);
    expect(isOpenAt(overnight, shanghai('2026-12-11T05:00'))).toBe(false); // Friday morning: Thursday was closed
    expect(isOpenAt({ days: [7], start: '22:00', end: '02:00' }, shanghai('2026-12-07T01:00'))).toBe(true); // Sunday night into Monday
  });

  it('is open a whole day when the end equals the start, and open at some minute of each listed day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), (day, start, at) => {
        const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const date = new Date(shanghai('2026-12-07T00:00').getTime() + ((day - 1) * 1440 + at) * 60_000);
        const startOfDay = new Date(shanghai('2026-12-07T00:00').getTime() + ((day - 1) * 1440 + start) * 60_000);
        const hours: Hours = { days: [day], start: hhmm(start), end: hhmm(start) };
        expect(isOpenAt(hours, startOfDay)).toBe(true);
        // Open at `at` of that day exactly when `at` is after the start (the rest belongs to the day before's window).
        expect(isOpenAt(hours, date)).toBe(at >= start);
      }),
    );
  });
});

describe('coveringRanges()', () => {
  const xiamen = { lat: 24.48, lng: 118.09 };

  it('covers every point within the radius, in eight Queries at most where the circle lies in few partitions', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 18, max: 50, noNaN: true }),
        fc.double({ min: 75, max: 134, noNaN: true }),
        fc.integer({ min: 50, max: MAX_RADIUS_M }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lat, lng, radius, fraction, bearing) => {
          const center = { lat, lng };
          // A point at `fraction` of the radius in direction `bearing` (a flat approximation, kept inside by 1%).
          const metres = radius * fraction * 0.99;
          const point = {
            lat: lat + (metres * Math.cos(bearing)) / 111_320,
            lng: lng + (metres * Math.sin(bearing)) / (111_320 * Math.cos((lat * Math.PI) / 180)),
          };
          const ranges = coveringRanges(center, radius);
          const partitions = new Set(ranges.map((range) => range.partition)).size;
          expect(ranges.length).toBeLessThanOrEqual(Math.max(MAX_RANGE_QUERIES, partitions));
          const { geoCell, geoKey } = geoKeysOf(point, 'stn_x');
          expect(ranges.some((range) => range.partition === geoCell && inRange(geoKey, range))).toBe(true);
          for (const range of ranges) {
            expect(range.from <= range.to).toBe(true);
            expect(range.from.startsWith(range.partition) && range.to.startsWith(range.partition)).toBe(true);
          }
        },
      ),
    );
  });

  it('reads fine cells around a small circle and coarser ones around a large one', () => {
    expect(coveringRanges(xiamen, 500).every((range) => range.from.length === 7)).toBe(true);
    expect(coveringRanges(xiamen, 3_000).every((range) => range.from.length === 6)).toBe(true);
    expect(coveringRanges(xiamen, 20_000).every((range) => range.from.length === 5)).toBe(true);
  });

  it('does not reach a station just outside the cells the circle touches', () => {
    const ranges = coveringRanges(xiamen, 3_000);
    const far = geoKeysOf({ lat: xiamen.lat + 0.06, lng: xiamen.lng }, 'stn_far'); // about 6.7 km north
    expect(ranges.some((range) => range.partition === far.geoCell && inRange(far.geoKey, range))).toBe(false);
  });

  it('indexes a station under the 4-character cell of its 9-character geohash', () => {
    expect(geoKeysOf(xiamen, 'stn_1')).toEqual({ geoCell: geohash.encode(24.48, 118.09, 4), geoKey: `${geohash.encode(24.48, 118.09, 9)}#stn_1` });
  });
});

describe('distanceM()', () => {
  it('measures a degree of latitude as about 111 km, and is symmetric', () => {
    expect(distanceM({ lat: 24, lng: 118 }, { lat: 25, lng: 118 })).toBeCloseTo(111_195, -2);
    fc.assert(
      fc.property(fc.double({ min: 3, max: 54, noNaN: true }), fc.double({ min: 73, max: 136, noNaN: true }), fc.double({ min: 3, max: 54, noNaN: true }), fc.double({ min: 73, max: 136, noNaN: true }), (a, b, c, d) => {
        expect(distanceM({ lat: a, lng: b }, { lat: c, lng: d })).toBeCloseTo(distanceM({ lat: c, lng: d }, { lat: a, lng: b }), 6);
      }),
    );
  });
});

describe('planStation() and averageRating()', () => {
  const input: StationInput = {
    orgId: 'org_siming', name: '莲前驿站', kind: 'union_station', regionCode: '350203', address: '思明区莲前西路 100 号',
    location: { lat: 24.47, lng: 118.13 }, amenities: ['water', 'charging'], hours: { always: true },
  };
  const siming = { id: 'org_siming', name: '思明区总工会', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203' };

  it('takes the org\'s ancestors, announces the station, and refuses a region outside the org\'s, naming the field', () => {
    const { station, event } = planStation(input, siming, { id: 'stn_1', now: new Date('2026-12-06T00:00:00Z'), province: '35' });
    expect(station).toMatchObject({ id: 'stn_1', ancestors: ['org_root', 'org_xiamen'], createdAt: '2026-12-06T00:00:00.000Z' });
    expect(event).toMatchObject({ type: 'StationRegistered', version: 1, province: '35', data: { stationId: 'stn_1', orgId: 'org_siming', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203', kind: 'union_station' } });
    expect(() => planStation({ ...input, regionCode: '350206' }, siming, { id: 'stn_1', now: new Date(), province: '35' })).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'body.regionCode' })] }));
  });

  it('averages ratings to one decimal, null before any', () => {
    expect(averageRating({ ratingSum: 0, ratingCount: 0 })).toBeNull();
    expect(averageRating({ ratingSum: 14, ratingCount: 3 })).toBe(4.7);
  });
});

describe('searchStations() near a point', () => {
  process.env.LOCAL_KEYRING ??= newLocalKeyring();
  const place = (i: number, lat: number, lng: number): Station => ({
    id: `stn_${String(i).padStart(3, '0')}`, orgId: 'org_1', ancestors: [], name: `驿站${i}`, kind: 'union_station', regionCode: '350203', address: '某地',
    location: { lat, lng }, amenities: ['water'], hours: { always: true }, createdAt: '2026-12-01T00:00:00.000Z',
  });

  it('pages through exactly the stations within the radius, nearest first', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.double({ min: -0.08, max: 0.08, noNaN: true }), fc.double({ min: -0.08, max: 0.08, noNaN: true })), { maxLength: 60 }),
        fc.integer({ min: 200, max: 8_000 }),
        fc.integer({ min: 1, max: 7 }),
        async (offsets, radius, limit) => {
          const center = { lat: 24.48, lng: 118.09 };
          const stations = offsets.map(([dLat, dLng], i) => place(i, center.lat + dLat, center.lng + dLng));
          // A repository in memory: a range holds the stations whose index keys lie in it.
          const inIndexRange = (range: CellRange) => stations.filter((station) => {
            const keys = geoKeysOf(station.location, station.id);
            return keys.geoCell === range.partition && inRange(keys.geoKey, range);
          });
          const repository = { inRange: async (range: CellRange) => inIndexRange(range) } as unknown as StationRepository;
          const expected = stations
            .map((station) => ({ id: station.id, distance: Math.round(distanceM(center, station.location)) }))
            .filter((station) => station.distance <= radius)
            .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
            .map((station) => station.id);
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let page = 0; page < 100; page++) {
            const result = await searchStations({ near: center, radiusM: radius }, { limit, ...(cursor ? { cursor } : {}) }, { stations: repository, province: '35' });
            seen.push(...result.items.map((station) => station.id));
            if (!result.nextCursor) break;
            cursor = result.nextCursor;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
