import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../local/functions.js';
import { makeLocalJoinLinkKey, signJoinLink } from '../../shared/crypto/join-link.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { validIdNumber, validMobile } from '../helpers/identity.js';
import { seedOrgTree } from '../helpers/org-tree.js';
import { outboxEvents } from '../helpers/outbox.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { scanTables } from '../helpers/tables.js';

let province: TestProvince;
let admin: string;
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};
let seed = 100;

/** Every person this file makes joins with: afterwards, none of it may be found in plain text. */
const people: { name: string; mobile: string; idNumber: string }[] = [];
const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴霞', '欧阳娜娜', '司马相如'];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asAdmin = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: bearer(admin) });
const as = (token: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: bearer(token) });

function person() {
  const n = seed++;
  const entry = { name: names[n % names.length]!, mobile: validMobile(n), idNumber: validIdNumber(n) };
  people.push(entry);
  return entry;
}

const worker = (id = `w-${seed++}`) => province.token({ role: 'worker', sub: id });

/** Links are minted where the org lives: no waiting for any projection of the new org. */
async function joinLink(orgKey: string, body: Record<string, unknown> = {}): Promise<string> {
  const response = await as(staff[orgKey]!, 'POST', `/v1/orgs/${orgs[orgKey]!.id}/join-links`, body);
  expect(response.status).toBe(201);
  return response.body.token;
}

const joinBody = (joinToken: string, who = person(), extra: Record<string, unknown> = {}) => ({
  joinToken,
  ...who,
  occupation: 'food_delivery',
  platform: '闽送即配',
  regionCode: '350203',
  consent: { version: '2026-01', accepted: true },
  ...extra,
});

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

beforeAll(async () => {
  province = await startTestProvince();
  admin = await province.token({ role: 'province_admin', sub: 'admin' });
  await seedOrgTree(province, admin, { orgs, staff });
});

afterAll(async () => {
  await province?.stop();
});

describe('POST /v1/orgs/{orgId}/join-links', () => {
  it('signs an expiring link for an org in the caller subtree', async () => {
    const response = await as(staff.xiamen!, 'POST', `/v1/orgs/${orgs.siming!.id}/join-links`, { expiresInDays: 7, station: 'st-1' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ token: expect.any(String), url: expect.stringContaining(response.body.token), expiresAt: expect.any(String) });
    expect(Date.parse(response.body.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it('is not found for staff of another subtree', async () => {
    await joinLink('siming');
    expectProblem(await as(staff.huli!, 'POST', `/v1/orgs/${orgs.siming!.id}/join-links`, {}), 404);
  });
});

describe('POST /v1/memberships', () => {
  it('creates a pending membership and shows a masked e-card', async () => {
    const token = await worker('w-ecard');
    const who = { name: '欧阳娜娜', mobile: '13800000000', idNumber: validIdNumber(1) };
    people.push(who);
    const joined = await as(token, 'POST', '/v1/memberships', joinBody(await joinLink('siming'), who));
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ id: expect.stringMatching(/^mem_/), status: 'pending', orgId: orgs.siming!.id });
    const card = await as(token, 'GET', '/v1/memberships/me');
    expect(card.body).toEqual({
      id: joined.body.id,
      status: 'pending',
      orgId: orgs.siming!.id,
      orgName: '思明区总工会',
      memberNo: null,
      since: null,
      name: '欧阳**',
      mobile: '138****0000',
      idNumber: `${who.idNumber.slice(0, 4)}**********${who.idNumber.slice(-4)}`,
    });
  });

  it('gives exactly one membership to 10 simultaneous joins with one ID number', async () => {
    const link = await joinLink('siming');
    const who = person();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => worker()));
    const responses = await Promise.all(tokens.map((token) => as(token, 'POST', '/v1/memberships', joinBody(link, who))));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) expectProblem(response, 409);
  });

  it('refuses a second live membership for the same worker account', async () => {
    const token = await worker();
    const link = await joinLink('siming');
    expect((await as(token, 'POST', '/v1/memberships', joinBody(link))).status).toBe(201);
    expectProblem(await as(token, 'POST', '/v1/memberships', joinBody(link)), 409);
  });

  it('refuses altered, expired and foreign join links, naming joinToken', async () => {
    const link = await joinLink('siming');
    const [payload, signature] = link.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const altered = `${Buffer.from(JSON.stringify({ ...claims, orgId: orgs.huli!.id })).toString('base64url')}.${signature}`;
    const expired = await signJoinLink(
      { ...claims, expiresAt: Math.floor(Date.now() / 1000) - 1 },
      makeLocalJoinLinkKey(province.env.LOCAL_KEYRING!),
    );
    for (const joinToken of [altered, expired, 'not-a-link', `${payload}.${'A'.repeat(signature!.length)}`]) {
      const response = await as(await worker(), 'POST', '/v1/memberships', joinBody(joinToken));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ path: 'body.joinToken', message: expect.any(String) }]);
    }
  });

  it('lists every bad field and writes nothing', async () => {
    const token = await worker('w-bad');
    const response = await as(token, 'POST', '/v1/memberships', {
      joinToken: await joinLink('siming'),
      name: '张',
      mobile: '12800000000',
      idNumber: '350203199001011230',
      occupation: 'astronaut',
      regionCode: '3502',
      consent: { version: '2026-01', accepted: false },
      extra: 1,
    });
    expectProblem(response, 400);
    const paths = response.body.errors.map((error: { path: string }) => error.path).sort();
    expect(paths).toEqual(['body.consent.accepted', 'body.extra', 'body.idNumber', 'body.mobile', 'body.name', 'body.occupation', 'body.regionCode']);
    expectProblem(await as(token, 'GET', '/v1/memberships/me'), 404);
  });
});

describe('review', () => {
  it('lists pending memberships masked, never with the ID number', async () => {
    const list = await as(staff.siming!, 'GET', `/v1/orgs/${orgs.siming!.id}/memberships?status=pending&limit=100`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const item of list.body.items) {
      expect(item.status).toBe('pending');
      expect(item.name).toMatch(/\*/);
      expect(item.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(item).not.toHaveProperty('idNumber');
    }
    expect(list.body.nextCursor).toBeNull();
    const page = await as(staff.xiamen!, 'GET', `/v1/orgs/${orgs.siming!.id}/memberships?limit=1`);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expectProblem(await as(staff.huli!, 'GET', `/v1/orgs/${orgs.siming!.id}/memberships`), 404);
  });

  it('numbers simultaneous approvals without gaps or repeats', async () => {
    const link = await joinLink('huli');
    const joined = await Promise.all(
      Array.from({ length: 5 }, async () => (await as(await worker(), 'POST', '/v1/memberships', joinBody(link, person(), { regionCode: '350206' }))).body.id),
    );
    const approvals = await Promise.all(joined.map((id) => as(staff.huli!, 'POST', `/v1/memberships/${id}/approve`)));
    expect(approvals.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const year = new Date().getUTCFullYear();
    const numbers = approvals.map((a) => a.body.memberNo).sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((seq) => `35${year}${String(seq).padStart(6, '0')}`));
    expectProblem(await as(staff.huli!, 'POST', `/v1/memberships/${joined[0]}/approve`), 409);
  });

  it('lets only staff of the org or above review; others get 404', async () => {
    const token = await worker();
    const { id } = (await as(token, 'POST', '/v1/memberships', joinBody(await joinLink('siming')))).body;
    expectProblem(await as(staff.huli!, 'POST', `/v1/memberships/${id}/approve`), 404);
    expectProblem(await as(staff.huli!, 'POST', `/v1/memberships/${id}/reject`, { reason: '资料不全' }), 404);
    const rejected = await as(staff.xiamen!, 'POST', `/v1/memberships/${id}/reject`, { reason: '资料不全' });
    expect(rejected.body).toMatchObject({ id, status: 'rejected' });
    expect((await as(token, 'GET', '/v1/memberships/me')).body.status).toBe('rejected');
  });
});

describe('leave, transfer and erasure', () => {
  it('lets a member leave and the same person join again', async () => {
    const token = await worker();
    const who = person();
    const link = await joinLink('siming');
    const { id } = (await as(token, 'POST', '/v1/memberships', joinBody(link, who))).body;
    await as(staff.siming!, 'POST', `/v1/memberships/${id}/approve`);
    const left = await as(token, 'DELETE', '/v1/memberships/me');
    expect(left.body).toEqual({ status: 'left' });
    expectProblem(await as(token, 'DELETE', '/v1/memberships/me'), 409);
    expect((await as(token, 'POST', '/v1/memberships', joinBody(link, who))).status).toBe(201);
  });

  it('moves a member to the org of another join link once its staff accept, keeping history', async () => {
    const token = await worker();
    const { id } = (await as(token, 'POST', '/v1/memberships', joinBody(await joinLink('siming')))).body;
    const approved = await as(staff.siming!, 'POST', `/v1/memberships/${id}/approve`);
    const requested = await as(token, 'POST', '/v1/memberships/me/transfer', { joinToken: await joinLink('huli') });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ transferId: expect.stringMatching(/^trf_/), status: 'pending' });
    expectProblem(await as(token, 'POST', '/v1/memberships/me/transfer', { joinToken: await joinLink('huli') }), 409);
    expectProblem(await as(staff.siming!, 'POST', `/v1/transfers/${requested.body.transferId}/accept`), 404);
    const accepted = await as(staff.huli!, 'POST', `/v1/transfers/${requested.body.transferId}/accept`);
    expect(accepted.status).toBe(200);
    const card = (await as(token, 'GET', '/v1/memberships/me')).body;
    expect(card).toMatchObject({ orgId: orgs.huli!.id, orgName: '湖里区总工会', status: 'active', memberNo: approved.body.memberNo });
    expectProblem(await as(staff.huli!, 'POST', `/v1/transfers/${requested.body.transferId}/accept`), 409);
  });

  it('erases the person: no plain or decryptable personal data remains in any item', async () => {
    const token = await worker();
    const who = person();
    const { id } = (await as(token, 'POST', '/v1/memberships', joinBody(await joinLink('siming'), who))).body;
    const erased = await as(token, 'POST', '/v1/memberships/me/erasure');
    expect(erased.status).toBe(202);
    // Nothing links the worker account to the membership any more.
    expectProblem(await as(token, 'GET', '/v1/memberships/me'), 404);
    const blindIndex = await piiVault().mac('id-number', who.idNumber);
    const items = await scanTables(province);
    const ofThisMembership = items.filter((item) => JSON.stringify(item).includes(id));
    expect(ofThisMembership.length).toBeGreaterThan(0);
    for (const item of ofThisMembership) {
      expect(item).not.toHaveProperty('sealed');
      expect(item).not.toHaveProperty('masked');
    }
    expect(JSON.stringify(items)).not.toContain(blindIndex);
    // The same person may join again: nothing remembers them.
    expect((await as(await worker(), 'POST', '/v1/memberships', joinBody(await joinLink('siming'), who))).status).toBe(201);
  });
});

describe('stats projections', () => {
  const statsOf = async (orgKey: string) => (await asAdmin('GET', `/v1/orgs/${orgs[orgKey]!.id}/stats`)).body;

  it('count per org and roll up to every ancestor, with target progress', async () => {
    expect((await asAdmin('PUT', `/v1/orgs/${orgs.xiamen!.id}/targets/${new Date().getUTCFullYear()}`, { members: 40 })).status).toBe(200);
    const before = await eventually(async () => {
      const stats = await statsOf('huli');
      return stats.members?.active >= 6 ? stats : undefined;
    });
    const token = await worker();
    const { id } = (await as(token, 'POST', '/v1/memberships', joinBody(await joinLink('huli'), person(), { occupation: 'courier' }))).body;
    await as(staff.huli!, 'POST', `/v1/memberships/${id}/approve`);
    const after = await eventually(async () => {
      const stats = await statsOf('huli');
      return stats.members.active === before.members.active + 1 ? stats : undefined;
    });
    expect(after.members.byOccupation.courier).toBe((before.members.byOccupation.courier ?? 0) + 1);
    expect(after.members.byPlatform['闽送即配']).toBe(before.members.byPlatform['闽送即配'] + 1);
    const [xiamen, root, huli] = await Promise.all([statsOf('xiamen'), statsOf('root'), statsOf('huli')]);
    const siming = await statsOf('siming');
    expect(xiamen.subtree.active).toBe(huli.members.active + siming.members.active);
    expect(root.subtree.active).toBe(xiamen.subtree.active);
    expect(xiamen.target).toEqual({ year: new Date().getUTCFullYear(), members: 40, progress: Math.round((xiamen.subtree.active / 40) * 10_000) / 10_000 });
  });

  it('leaves the figures unchanged when an event is delivered again', async () => {
    const before = await Promise.all(['root', 'xiamen', 'siming', 'huli'].map(statsOf));
    const outbox = outboxEvents(await scanTables(province)).filter((event) => event.type === 'MembershipStatusChanged');
    expect(outbox.length).toBeGreaterThan(5);
    const records = outbox.slice(0, 10).map((event, i) => ({ messageId: `replay-${i}`, body: JSON.stringify(event) }));
    const result = await invoke<{ batchItemFailures: unknown[] }>('stats/project-events', { Records: records }, 30);
    expect(result.batchItemFailures).toEqual([]);
    expect(await Promise.all(['root', 'xiamen', 'siming', 'huli'].map(statsOf))).toEqual(before);
  });
});

describe('personal data at rest', () => {
  it('appears in no table in plain text', async () => {
    const dump = JSON.stringify(await scanTables(province));
    expect(people.length).toBeGreaterThan(15);
    for (const who of people) {
      expect(dump).not.toContain(who.idNumber);
      expect(dump).not.toContain(who.mobile);
      expect(dump).not.toContain(who.name);
    }
  });
});

