/**
 * Stations case of `npm run bench`: p95 of the nearest-stations search (the use case: the
 * covering geohash cells queried in parallel, distances, sorting) with 5,000 stations in the
 * province (300 in `--quick`), against the p95 of one plain DynamoDB Query of a page of the
 * cell index on the same DynamoDB Local in the same run (goal ≤ 3). Writes through the
 * service's repository, so it needs the province in this process.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { geoKeysOf } from '../../functions/stations/domain/geo.js';
import type { Station } from '../../functions/stations/domain/station.js';
import { makeStationRepository } from '../../functions/stations/repository.js';
import { stationsService } from '../../functions/stations/service.js';
import { searchStations } from '../../functions/stations/use-cases/stations.js';
import { indexOf } from '../../shared/topology.js';
import { meteredClient, type Capacity } from '../../shared/capacity.js';
import { tableNameOf } from '../../shared/config.js';
import { pool, percentile, unitsPer, type BenchCase } from '../harness.js';

/** The centres of Fujian's nine cities, where stations cluster. */
const CITIES = [
  { code: '350102', lat: 26.0745, lng: 119.2965 },
  { code: '350203', lat: 24.4798, lng: 118.0894 },
  { code: '350302', lat: 25.454, lng: 119.0077 },
  { code: '350402', lat: 26.2638, lng: 117.6392 },
  { code: '350503', lat: 24.8741, lng: 118.6759 },
  { code: '350602', lat: 24.5131, lng: 117.6471 },
  { code: '350702', lat: 26.6418, lng: 118.1784 },
  { code: '350802', lat: 25.0751, lng: 117.0173 },
  { code: '350902', lat: 26.6657, lng: 119.5479 },
];

/** A seeded generator (mulberry32), so every run places the same stations. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Stations around the city centres, denser near the centre (within about 20 km). */
function stations(count: number): Station[] {
  const next = random(17);
  return Array.from({ length: count }, (_, i) => {
    const city = CITIES[i % CITIES.length]!;
    const spread = 0.2 * next() * next();
    const angle = 2 * Math.PI * next();
    return {
      id: `stn_bench_${String(i).padStart(5, '0')}`,
      orgId: 'org_bench',
      ancestors: [],
      name: `基准驿站${i}`,
      kind: 'union_station',
      regionCode: city.code,
      address: '某地',
      location: { lat: city.lat + spread * Math.cos(angle), lng: city.lng + spread * Math.sin(angle) },
      amenities: next() < 0.5 ? ['water', 'charging'] : ['water'],
      hours: { always: true },
      createdAt: '2026-12-01T00:00:00.000Z',
    };
  });
}

export const nearestStationCase: BenchCase = {
  name: 'nearest-station query p95',
  goal: { better: 'lower', ratio: 3 },
  async measure(context) {
    if (!context.invoke) throw new Error('needs the province in this process (run without --url)');
    const tableName = tableNameOf('stations');
    const repository = makeStationRepository({ client: context.dynamodb, tableName });
    const all = stations(context.quick ? 300 : 5_000);
    const batches = Array.from({ length: Math.ceil(all.length / 100) }, (_, i) => all.slice(i * 100, (i + 1) * 100));
    await pool(batches.length, 8, (i) => repository.importStations(batches[i]!));
    const samples = context.quick ? 30 : 300;
    const next = random(29);
    const points = Array.from({ length: samples }, (_, i) => {
      const city = CITIES[i % CITIES.length]!;
      return { lat: city.lat + (next() - 0.5) * 0.1, lng: city.lng + (next() - 0.5) * 0.1 };
    });
    const query: number[] = [];
    for (const point of points) {
      const t = performance.now();
      await context.dynamodb.send(
        new QueryCommand({ TableName: tableName, IndexName: indexOf(stationsService.tables.stations, 'stationsByCell'), KeyConditionExpression: 'geoCell = :cell', ExpressionAttributeValues: { ':cell': geoKeysOf(point, 'x').geoCell }, Limit: 21 }),
      );
      query.push(performance.now() - t);
    }
    const capacity: Capacity = { readUnits: 0, writeUnits: 0 };
    const ports = { stations: makeStationRepository({ client: meteredClient(context.dynamodb, capacity), tableName }), province: '35' };
    const near: number[] = [];
    let found = 0;
    for (const [i, point] of points.entries()) {
      const t = performance.now();
      const page = await searchStations({ near: point, radiusM: 3_000, ...(i % 2 ? { amenity: 'charging' as const } : {}) }, { limit: 20 }, ports);
      near.push(performance.now() - t);
      found += page.items.length;
    }
    return {
      ours: percentile(near, 95),
      baseline: percentile(query, 95),
      unit: 'ms',
      baselineIs: 'one Query of a page (21 items) of a cell',
      notes: { stations: all.length, stationsFoundPerQuery: Number((found / samples).toFixed(1)), ...unitsPer(samples, capacity), p50Ratio: Number((percentile(near, 50) / percentile(query, 50)).toFixed(2)) },
    };
  },
};
