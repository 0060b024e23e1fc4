import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { verifiedMobile } from '../helpers/membership.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

let province: TestProvince;
let admin: Record<string, string>;
const partners: Record<string, { id: string; apiKey: string; name: string }> = {};
let joinToken = '';

const rider = (n: number, overrides: Record<string, unknown> = {}) => ({
  riderId: `r-${n}`,
  name: '骑手甲',
  mobile: validMobile(n),
  idNumber: validIdNumber(n),
  regionCode: '350203',
  occupation: 'food_delivery',
  station: '莲前站',
  status: 'active',
  ...overrides,
});

const asPartner = (key: string, method: string, path: string, body?: unknown) =>
  province.request(method, path, { body, headers: { 'x-api-key': partners[key]!.apiKey } });

async function upload(key: string, mode: 'snapshot' | 'delta', chunks: unknown[][]) {
  const roster = (await asPartner(key, 'POST', '/v1/rosters', { mode, asOf: new Date().toISOString() })).body;
  for (const [i, rows] of chunks.entries()) expect((await asPartner(key, 'PUT', `/v1/rosters/${roster.id}/chunks/${i + 1}`, { rows })).status).toBe(202);
  expect((await asPartner(key, 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: chunks.length })).status).toBe(202);
  return eventually(async () => {
    const state = (await asPartner(key, 'GET', `/v1/rosters/${roster.id}`)).body;
    return state.status === 'completed' ? state : undefined;
  });
}

beforeAll(async () => {
  province = await startTestProvince();
  admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  const names: [string, string][] = [['a', '闽送即配'], ['b', '鹭岛快跑']];
  for (const [i, [key, name]] of names.entries()) {
    const account = await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name, creditCode: validCreditCode(800 + i) }, headers: admin });
    partners[key] = { ...account.body, name };
  }
  const root = (await province.request('POST', '/v1/orgs', { body: { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' }, headers: admin })).body;
  joinToken = (await eventually(async () => {
    const link = await province.request('POST', `/v1/orgs/${root.id}/join-links`, { body: {}, headers: admin });
    return link.status === 201 ? link : undefined;
  })).body.token;
});

afterAll(async () => {
  await province?.stop();
});

describe('roster uploads', () => {
  it('validate each row, answer a repeated chunk the same and refuse other rows under its seq', async () => {
    const roster = (await asPartner('a', 'POST', '/v1/rosters', { mode: 'delta', asOf: '2026-11-23T00:00:00+08:00' })).body;
    expect(roster).toEqual({ id: expect.stringMatching(/^rst_/), status: 'receiving' });
    const rows = [rider(1), rider(2), rider(3, { mobile: '123', extra: true })];
    const first = await asPartner('a', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({
      seq: 1,
      accepted: 2,
      rejected: [
        { index: 2, path: 'mobile', message: expect.any(String) },
        { index: 2, path: 'extra', message: 'is not a known field' },
      ],
    });
    expect((await asPartner('a', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows })).body).toEqual(first.body);
    expect((await asPartner('a', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(9)] })).status).toBe(409);

    const missing = await asPartner('a', 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: 3 });
    expect(missing.status).toBe(409);
    expect(missing.body.detail).toContain('2, 3');

    const rejections = await asPartner('a', 'GET', `/v1/rosters/${roster.id}/rejections?limit=1`);
    expect(rejections.body.items).toEqual([{ seq: 1, index: 2, path: 'mobile', message: expect.any(String) }]);
    expect((await asPartner('a', 'GET', `/v1/rosters/${roster.id}/rejections?cursor=${rejections.body.nextCursor}`)).body.items).toHaveLength(1);

    expect((await asPartner('a', 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: 1 })).status).toBe(202);
    expect((await asPartner('a', 'PUT', `/v1/rosters/${roster.id}/chunks/2`, { rows: [rider(4)] })).status).toBe(409);
    const done = await eventually(async () => {
      const state = (await asPartner('a', 'GET', `/v1/rosters/${roster.id}`)).body;
      return state.status === 'completed' ? state : undefined;
    });
    expect(done.rows).toEqual({ received: 3, accepted: 2, rejected: 1, created: 2, updated: 0, unchanged: 0, departed: 0 });
    expect(done.completedAt).toEqual(expect.any(String));
  });

  it('refuses chunks over 1,000 rows, naming body.rows', async () => {
    const roster = (await asPartner('a', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    const response = await asPartner('a', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: Array.from({ length: 1001 }, (_, i) => ({ riderId: `x${i}` })) });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('body.rows');
  });

  it('marks riders a snapshot leaves out as departed, and counts what changed', async () => {
    // Partner a's riders r-1 and r-2 came in a delta above; this snapshot leaves them out.
    const first = await upload('a', 'snapshot', [[rider(10), rider(11)], [rider(12)]]);
    expect(first.rows).toMatchObject({ accepted: 3, created: 3, departed: 2 });
    const second = await upload('a', 'snapshot', [[rider(10), rider(11, { station: '湖里站' })]]);
    expect(second.rows).toEqual({ received: 2, accepted: 2, rejected: 0, created: 0, updated: 1, unchanged: 1, departed: 1 });
  });

  it('keeps partners apart: another partner gets 404, other roles 403', async () => {
    const roster = (await asPartner('a', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    expect((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).status).toBe(404);
    expect((await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(20)] })).status).toBe(404);
    expect((await province.request('GET', `/v1/rosters/${roster.id}`, { headers: admin })).status).toBe(403);
  });
});

describe('roster-verified activation', () => {
  // Activation from a roster needs the roster's name and an SMS-verified mobile, not only the ID number.
  const join = async (n: number, sub: string) => {
    const token = await province.token({ role: 'worker', sub });
    const mobileVerification = await verifiedMobile(province, token, validMobile(n));
    return province.request('POST', '/v1/memberships', {
      body: { joinToken, name: '骑手甲', mobile: validMobile(n), idNumber: validIdNumber(n), occupation: 'food_delivery', regionCode: '350203', consent: { version: '2026-01', accepted: true }, mobileVerification },
      headers: { authorization: `Bearer ${token}` },
    });
  };

  it('activates a person on an active roster at once, listing every platform they ride for', async () => {
    await upload('a', 'delta', [[rider(30)]]);
    await upload('b', 'delta', [[rider(30, { riderId: 'b-30' })]]);
    await waitForRostered(30, 2);
    const joined = await join(30, 'w-30');
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ status: 'active', memberNo: expect.stringMatching(/^35\d{4}\d{6}$/) });
    const list = await province.request('GET', `/v1/orgs/${await rootOrgId()}/memberships?status=active`, { headers: admin });
    const member = list.body.items.find((item: { id: string }) => item.id === joined.body.id);
    expect(member.platforms).toEqual(['闽送即配', '鹭岛快跑']);
  });

  it('leaves a person who departed every roster pending, and a departure never ends a membership', async () => {
    await upload('a', 'delta', [[rider(40)]]);
    await waitForRostered(40, 1);
    const member = await join(40, 'w-40');
    expect(member.body.status).toBe('active');
    await upload('a', 'delta', [[rider(40, { status: 'departed' })]]);
    await upload('a', 'delta', [[rider(41, { status: 'departed' })]]);
    await waitForRostered(41, 1);
    expect((await join(41, 'w-41')).body.status).toBe('pending');
    const card = await province.request('GET', '/v1/memberships/me', { headers: { authorization: `Bearer ${await province.token({ role: 'worker', sub: 'w-40' })}` } });
    expect(card.body.status).toBe('active');
  });

  it('keeps no roster row in plain text, and drops the encrypted rows once applied', async () => {
    const items = await scan('rosters');
    const dump = JSON.stringify(items);
    for (const n of [1, 2, 10, 11, 12, 30, 40]) {
      expect(dump).not.toContain(validIdNumber(n));
      expect(dump).not.toContain(validMobile(n));
    }
    expect(dump).not.toContain('骑手甲');
    const completedChunks = items.filter((item) => String(item.sk).startsWith('CHUNK#') && item.applied);
    expect(completedChunks.length).toBeGreaterThan(0);
    for (const chunk of completedChunks) expect(chunk).not.toHaveProperty('sealedRows');
  });
});

async function rootOrgId(): Promise<string> {
  const items = await scan('orgs');
  return items.find((item) => item.pk === 'ROOT')!.orgId;
}

/** Waits until the membership service has `count` roster rows for person `n` (its projection lags by moments). */
async function waitForRostered(n: number, count: number) {
  await eventually(async () => {
    const rows = (await scan('memberships')).filter((item) => String(item.pk).startsWith('ROSTERED#'));
    const expected = (await scan('rosters')).find((item) => item.riderId === `r-${n}`)?.personIndex;
    return expected && rows.filter((row) => row.pk === `ROSTERED#${expected}`).length >= count ? true : undefined;
  });
}

async function scan(table: string): Promise<Record<string, any>[]> {
  const client = new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB });
  const { Items = [] } = await client.send(new ScanCommand({ TableName: province.env[`TABLE_${table.toUpperCase()}`] }));
  client.destroy();
  return Items.map((item) => unmarshall(item));
}

describe('riders and coverage', () => {
  const statsOfRoot = async () => (await province.request('GET', `/v1/orgs/${await rootOrgId()}/stats`, { headers: admin })).body;

  it('shows a partner its own rider, and whether the rider is a member as that changes', async () => {
    await upload('a', 'delta', [[rider(60)]]);
    await waitForRostered(60, 1);
    expect((await asPartner('a', 'GET', '/v1/riders/r-60')).body).toEqual({ riderId: 'r-60', status: 'active', regionCode: '350203', station: '莲前站', isMember: false });
    expect((await asPartner('b', 'GET', '/v1/riders/r-60')).status).toBe(404);

    const token = await province.token({ role: 'worker', sub: 'w-60' });
    const worker = { authorization: `Bearer ${token}` };
    const joined = await province.request('POST', '/v1/memberships', {
      body: {
        joinToken, name: '骑手甲', mobile: validMobile(60), idNumber: validIdNumber(60), occupation: 'food_delivery', regionCode: '350203',
        consent: { version: '2026-01', accepted: true }, mobileVerification: await verifiedMobile(province, token, validMobile(60)),
      },
      headers: worker,
    });
    expect(joined.body.status).toBe('active');
    await eventually(async () => ((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember === true ? true : undefined));

    await province.request('DELETE', '/v1/memberships/me', { headers: worker });
    await eventually(async () => ((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember === false ? true : undefined));
  });

  it('counts the riders rostered in an org\'s region and how many are members', async () => {
    const settled = await eventually(async () => {
      const riders = (await scan('rosters')).filter((item) => String(item.pk).startsWith('RIDER#') && item.status === 'active');
      const expected = { riders: riders.length, ridersWhoAreMembers: riders.filter((item) => item.isMember).length };
      const { rosters } = await statsOfRoot();
      return rosters.riders === expected.riders && rosters.ridersWhoAreMembers === expected.ridersWhoAreMembers ? { rosters, expected } : undefined;
    });
    expect(settled.expected.riders).toBeGreaterThan(3);
    expect(settled.expected.ridersWhoAreMembers).toBeGreaterThanOrEqual(2);
    expect(settled.rosters.coverage).toBe(Math.round((settled.expected.ridersWhoAreMembers / settled.expected.riders) * 10_000) / 10_000);
  });
});

describe('the roster watchdog', () => {
  it('fails a roster that is still being applied long after it was completed, and it stays failed', async () => {
    await province.stopPollers(); // nothing applies rosters now, as when the processor keeps failing
    const roster = (await asPartner('b', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(50)] });
    await asPartner('b', 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: 1 });

    expect(await province.runSchedule('rostersWatchdog')).toEqual({ failed: 0 });
    expect((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).body.status).toBe('processing');

    const later = new Date(Date.now() + 2 * 3600_000);
    expect(await province.runSchedule('rostersWatchdog', later)).toEqual({ failed: 1 });
    expect((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).body).toMatchObject({ status: 'failed', failureReason: expect.any(String) });

    await province.startPollers();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).body.status).toBe('failed');
    expect(await province.runSchedule('rostersWatchdog', later)).toEqual({ failed: 0 });
  });
});
