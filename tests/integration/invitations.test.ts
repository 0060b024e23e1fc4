import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterRow, validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

let province: TestProvince;
let admin: Record<string, string>;
let partner: { id: string; apiKey: string };
const orgs: Record<'root' | 'xiamen' | 'siming' | 'huli', string> = { root: '', xiamen: '', siming: '', huli: '' };
let member: Awaited<ReturnType<typeof activeMember>>;

const staffOf = async (org: keyof typeof orgs) => ({ authorization: `Bearer ${await province.token({ role: 'org_admin', sub: `staff-${org}`, orgId: orgs[org] })}` });
const invitations = async (org: keyof typeof orgs, query = '', headers?: Record<string, string>) =>
  province.request('GET', `/v1/orgs/${orgs[org]}/invitations${query}`, { headers: headers ?? (await staffOf(org)) });
/** Each station's riders, as `station: riderIds`, in the order the page gives them. */
const byStation = (items: { station: string | null; riders: { riderId: string }[] }[]) => items.map((item) => `${item.station ?? '-'}: ${item.riders.map((rider) => rider.riderId).join(' ')}`);

beforeAll(async () => {
  province = await startTestProvince();
  admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  partner = (await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name: '闽送即配', creditCode: validCreditCode(870) }, headers: admin })).body;
  const org = async (name: string, parentId: string | null, regionCode: string) =>
    (await province.request('POST', '/v1/orgs', { body: { name, kind: 'federation', parentId, regionCode }, headers: admin })).body.id as string;
  orgs.root = await org('福建省总工会', null, '350000');
  orgs.xiamen = await org('厦门市总工会', orgs.root, '350200');
  orgs.siming = await org('思明区总工会', orgs.xiamen, '350203');
  orgs.huli = await org('湖里区总工会', orgs.xiamen, '350206');
  member = await activeMember(province, { staffToken: admin.authorization!.slice('Bearer '.length), orgId: orgs.siming });

  // One roster: three stations of Siming (one rider a member already), a rider at no station, one in Huli, one departed.
  const rows = [
    rosterRow(101, { station: '莲前站' }),
    rosterRow(102, { station: '莲前站', name: member.person.name, mobile: member.person.mobile, idNumber: member.person.idNumber }),
    rosterRow(103, { station: undefined }),
    rosterRow(104, { station: '软件园站' }),
    rosterRow(105, { station: '湖里站', regionCode: '350206' }),
    rosterRow(106, { station: '莲前站', status: 'departed' }),
  ].map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)));
  const asPartner = { 'x-api-key': partner.apiKey };
  const roster = (await province.request('POST', '/v1/rosters', { body: { mode: 'delta', asOf: new Date().toISOString() }, headers: asPartner })).body;
  expect((await province.request('PUT', `/v1/rosters/${roster.id}/chunks/1`, { body: { rows }, headers: asPartner })).status).toBe(202);
  expect((await province.request('POST', `/v1/rosters/${roster.id}/complete`, { body: { chunks: 1 }, headers: asPartner })).status).toBe(202);
  await eventually(async () => ((await province.request('GET', `/v1/rosters/${roster.id}`, { headers: asPartner })).body.status === 'completed' ? true : undefined));
  // The membership service hears of the riders by event.
  await eventually(async () => ((await invitations('xiamen')).body.items?.length === 4 ? true : undefined), 15_000);
});

afterAll(async () => {
  await province?.stop();
});

describe('invitations', () => {
  it('list the active rostered riders of the org\'s district who are not members, by station, masked, each station with a join link', async () => {
    const page = await invitations('siming');
    expect(page.status).toBe(200);
    expect(byStation(page.body.items)).toEqual(['-: r-103', '莲前站: r-101', '软件园站: r-104']);
    expect(page.body.items[1]).toEqual({
      regionCode: '350203',
      station: '莲前站',
      joinUrl: expect.stringMatching(/\?token=[\w-]+\.[\w-]+$/),
      riders: [{ riderId: 'r-101', name: '骑**', mobile: '138****0101', platform: '闽送即配' }],
    });
    const text = JSON.stringify(page.body);
    for (const plain of ['骑手甲', validMobile(101), validIdNumber(101)]) expect(text).not.toContain(plain);
    // The same link all day, for every page and reprint.
    expect((await invitations('siming')).body.items[1].joinUrl).toBe(page.body.items[1].joinUrl);
    expect(new Set(page.body.items.map((item: { joinUrl: string }) => item.joinUrl)).size).toBe(3);
  });

  it('page by rider, narrow to a station or to a district of a city, and refuse an area outside the org or a whole province', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { riders: { riderId: string }[] }[]; nextCursor: string | null } } = await invitations('siming', `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.body.items.flatMap((item) => item.riders.map((rider) => rider.riderId)));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['r-103', 'r-101', 'r-104']);

    expect(byStation((await invitations('siming', `?station=${encodeURIComponent('莲前站')}`)).body.items)).toEqual(['莲前站: r-101']);
    expect(byStation((await invitations('xiamen')).body.items)).toEqual(['-: r-103', '莲前站: r-101', '软件园站: r-104', '湖里站: r-105']);
    expect(byStation((await invitations('xiamen', '?regionCode=350206')).body.items)).toEqual(['湖里站: r-105']);
    expect(byStation((await invitations('root', '?regionCode=350206', admin)).body.items)).toEqual(['湖里站: r-105']);

    const outside = await invitations('siming', '?regionCode=350206');
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ path: 'query.regionCode', message: expect.stringContaining('outside') }]);
    const province_ = await invitations('root', '', admin);
    expect(province_.status).toBe(400);
    expect(province_.body.errors[0].path).toBe('query.regionCode');
    expect((await invitations('siming', '', await staffOf('huli'))).status).toBe(404);
  });

  it('take a rider who joins through the station\'s link off the list once approved, and count coverage per station in the org stats', async () => {
    const link = (await invitations('siming')).body.items.find((item: { station: string | null }) => item.station === '莲前站');
    const token = await province.token({ role: 'worker', sub: 'invited-101' });
    const joined = await province.request('POST', '/v1/memberships', {
      headers: { authorization: `Bearer ${token}` },
      body: {
        joinToken: new URL(link.joinUrl).searchParams.get('token'),
        name: '骑手甲', mobile: validMobile(101), idNumber: validIdNumber(101), occupation: 'food_delivery', regionCode: '350203',
        consent: { version: '2026-01', accepted: true },
      },
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ orgId: orgs.siming, status: 'pending' });
    // Pending is not yet a member: still on the list until staff approve.
    expect(byStation((await invitations('siming')).body.items)).toContain('莲前站: r-101');
    expect((await province.request('POST', `/v1/memberships/${joined.body.id}/approve`, { headers: await staffOf('siming') })).status).toBe(200);
    await eventually(async () => (byStation((await invitations('siming')).body.items).join() === '-: r-103,软件园站: r-104' ? true : undefined));

    const stations = await eventually(async () => {
      const { byStation: counted } = (await province.request('GET', `/v1/orgs/${orgs.siming}/stats`, { headers: await staffOf('siming') })).body.rosters;
      return counted.find((station: { station: string; ridersWhoAreMembers: number }) => station.station === '莲前站' && station.ridersWhoAreMembers === 2) ? counted : undefined;
    });
    expect(stations).toEqual([
      { regionCode: '350203', station: '软件园站', riders: 1, ridersWhoAreMembers: 0, coverage: 0 },
      { regionCode: '350203', station: '莲前站', riders: 2, ridersWhoAreMembers: 2, coverage: 1 },
    ]);
    const city = (await province.request('GET', `/v1/orgs/${orgs.xiamen}/stats`, { headers: admin })).body.rosters.byStation;
    expect(city.map((station: { station: string }) => station.station)).toEqual(['软件园站', '湖里站', '莲前站']);
  });
});
