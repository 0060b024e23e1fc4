import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStationRepository } from '../../functions/stations/repository.js';
import { tableEnvVar } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { provinceItems } from '../helpers/tables.js';
import { wishWorld, type WishWorld } from '../helpers/wishes.js';

/** Service stations through the HTTP API: registration in the org tree, search by region, amenity, hours and distance, visits and figures. */

let province: TestProvince;
let world: WishWorld;

const ok = (response: ApiResponse, status = 200) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};
const station = (overrides: Record<string, unknown>) => ({
  kind: 'union_station',
  amenities: ['water'],
  hours: { always: true },
  ...overrides,
});
/** 2026-12-12 is a Saturday; 10:00 in Xiamen. */
const SATURDAY_MORNING = '2026-12-12T10:00:00+08:00';
const FRIDAY_NIGHT = '2026-12-11T23:00:00+08:00';

const ids: Record<string, string> = {};

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
  const register = async (org: 'siming' | 'huli' | 'xiamen', body: Record<string, unknown>) =>
    // The stations service learns of new orgs by event: until then the org is not found.
    (await eventually(async () => {
      const response = await world.bearer(world.staff[org], 'POST', '/v1/stations', station({ orgId: world.orgs[org], ...body }));
      return response.status === 404 ? undefined : response;
    })).body.id as string;
  ids.lianqian = await register('siming', { name: '莲前驿站', regionCode: '350203', address: '思明区莲前西路 100 号', location: { lat: 24.477, lng: 118.142 }, amenities: ['water', 'charging', 'microwave'] });
  ids.softwarePark = await register('siming', { name: '软件园驿站', regionCode: '350203', address: '思明区观日路 8 号', location: { lat: 24.49, lng: 118.18 }, amenities: ['water', 'wifi'], hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } });
  ids.huli = await register('huli', { name: '湖里暖蜂小屋', kind: 'courier_hut', regionCode: '350206', address: '湖里区金尚路 1 号', location: { lat: 24.51, lng: 118.11 }, amenities: ['charging', 'rest'], hours: { days: [5, 6], start: '20:00', end: '08:00' } });
  ids.xiangan = await register('xiamen', { name: '翔安户外劳动者驿站', kind: 'outdoor_worker_station', regionCode: '350213', address: '翔安区新店镇 2 号', location: { lat: 24.62, lng: 118.24 } });
}, 60_000);

afterAll(async () => {
  await province?.stop();
});

const search = async (query: string) => ok(await world.bearer(world.staff.root, 'GET', `/v1/stations?${query}`));
const names = (page: { items: { id: string }[] }) => page.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0]);

describe('stations', () => {
  it('are found nearest first within a radius, with their distance', async () => {
    const near = await search('near=24.478,118.14&radiusM=3000');
    expect(names(near)).toEqual(['lianqian']);
    expect(near.items[0].distanceM).toBeGreaterThan(100);
    expect(near.items[0].distanceM).toBeLessThan(300);
    const wider = await search('near=24.478,118.14&radiusM=10000');
    expect(names(wider)).toEqual(['lianqian', 'softwarePark', 'huli']);
    const distances = wider.items.map((item: { distanceM: number }) => item.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(names(await search('near=24.478,118.14&radiusM=20000'))).toEqual(['lianqian', 'softwarePark', 'huli', 'xiangan']);
  });

  it('narrow to an amenity, to what is open at an instant, and to a region, and page', async () => {
    expect(names(await search('near=24.478,118.14&radiusM=10000&amenity=charging'))).toEqual(['lianqian', 'huli']);
    expect(names(await search(`near=24.478,118.14&radiusM=10000&openAt=${encodeURIComponent(SATURDAY_MORNING)}`))).toEqual(['lianqian']);
    expect(names(await search(`near=24.478,118.14&radiusM=10000&amenity=charging&openAt=${encodeURIComponent(FRIDAY_NIGHT)}`))).toEqual(['lianqian', 'huli']);
    expect(names(await search('near=24.478,118.14&radiusM=20000&regionCode=350203'))).toEqual(['lianqian', 'softwarePark']);
    const first = await search('near=24.478,118.14&radiusM=20000&limit=3');
    const second = await search(`near=24.478,118.14&radiusM=20000&limit=3&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect([...names(first), ...names(second)]).toEqual(['lianqian', 'softwarePark', 'huli', 'xiangan']);
    expect(second.nextCursor).toBeNull();
  });

  it('are listed by region without a point', async () => {
    expect(names(await search('regionCode=350203')).sort()).toEqual(['lianqian', 'softwarePark']);
    expect(names(await search('regionCode=350200')).sort()).toEqual(['huli', 'lianqian', 'softwarePark', 'xiangan']);
    expect(names(await search('amenity=charging')).sort()).toEqual(['huli', 'lianqian']);
    const page = await search('limit=2');
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
  });

  it('refuse bad searches with the field named', async () => {
    for (const [query, field] of [['near=north', 'query.near'], ['near=24.4,118.1&radiusM=50000', 'query.radiusM'], ['near=91,118', 'query.near'], ['regionCode=110000', 'query.regionCode'], ['amenity=pool', 'query.amenity'], ['openAt=noon', 'query.openAt']]) {
      const response = await world.bearer(world.staff.root, 'GET', `/v1/stations?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors.some((error: { path: string }) => error.path.startsWith(field!)), query).toBe(true);
    }
  });

  it('are counted in the figures of their org and every org above it', async () => {
    const stationsOf = async (org: 'siming' | 'xiamen' | 'huli') =>
      eventually(async () => {
        const stats = ok(await world.bearer(world.staff.root, 'GET', `/v1/orgs/${world.orgs[org]}/stats`));
        return stats.serviceStations.count >= { siming: 2, xiamen: 4, huli: 1 }[org] ? stats.serviceStations.count : undefined;
      });
    expect(await stationsOf('siming')).toBe(2);
    expect(await stationsOf('huli')).toBe(1);
    expect(await stationsOf('xiamen')).toBe(4);
  });

  it('are registered only in the caller\'s subtree and region', async () => {
    const elsewhere = await world.bearer(world.staff.huli, 'POST', '/v1/stations', station({ orgId: world.orgs.siming, name: '越界驿站', regionCode: '350203', address: '思明区', location: { lat: 24.47, lng: 118.1 } }));
    expect(elsewhere.status).toBe(404);
    const outside = await world.bearer(world.staff.siming, 'POST', '/v1/stations', station({ orgId: world.orgs.siming, name: '越区驿站', regionCode: '350206', address: '湖里区', location: { lat: 24.51, lng: 118.1 } }));
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([expect.objectContaining({ path: 'body.regionCode' })]);
    expect(ok(await world.bearer(world.staff.root, 'GET', `/v1/stations/${ids.lianqian}`))).toMatchObject({ name: '莲前驿站', amenities: ['water', 'charging', 'microwave'], hours: { always: true } });
  });

  it('count a worker\'s visit once a day, unique visitors once, and average the ratings', async () => {
    const [a, b] = [await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming }), await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming })];
    const visit = ok(await world.bearer(a.token, 'POST', `/v1/stations/${ids.lianqian}/visits`, { rating: 5, comment: '热水很方便' }), 201);
    expect(visit).toMatchObject({ stationId: ids.lianqian, rating: 5 });
    expect((await world.bearer(a.token, 'POST', `/v1/stations/${ids.lianqian}/visits`, { rating: 1 })).status).toBe(409);
    ok(await world.bearer(b.token, 'POST', `/v1/stations/${ids.lianqian}/visits`, { rating: 3 }), 201);
    expect((await world.bearer(b.token, 'POST', '/v1/stations/stn_missing/visits', {})).status).toBe(404);
    // The next day (the repository directly: the API has no clock to move), a second visit by a counts, not a new visitor.
    const repository = makeStationRepository({ client: documentClient(), tableName: province.env[tableEnvVar('stations')]! });
    await repository.recordVisit({ id: 'vis_next_day', stationId: ids.lianqian!, workerId: a.workerId, at: new Date(Date.now() + 86_400_000), day: '2099-01-01' });

    expect(ok(await world.bearer(world.staff.siming, 'GET', `/v1/stations/${ids.lianqian}/stats`))).toEqual({ visits: 3, uniqueVisitors: 2, rating: 4 });
    expect(ok(await world.bearer(world.staff.xiamen, 'GET', `/v1/stations/${ids.lianqian}/stats`))).toEqual({ visits: 3, uniqueVisitors: 2, rating: 4 });
    expect((await world.bearer(world.staff.huli, 'GET', `/v1/stations/${ids.lianqian}/stats`)).status).toBe(404);

    // Erasure drops what linked the worker to the stations they visited.
    ok(await world.bearer(a.token, 'POST', '/v1/memberships/me/erasure'), 202);
    await eventually(async () => {
      for await (const [table, item] of provinceItems(province)) if (table === 'stations' && String(item.pk).includes(a.workerId)) return undefined;
      return true;
    }, 20_000);
  });
});
