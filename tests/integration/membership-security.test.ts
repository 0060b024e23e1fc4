import { ridersCovered } from '../../events/rider-membership-changed.v2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { lastCode, verifiedMobile } from '../helpers/membership.js';
import { seedOrgTree } from '../helpers/org-tree.js';
import { outboxEvents } from '../helpers/outbox.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { scanTables } from '../helpers/tables.js';

/**
 * The security review's findings on membership (issue 8), each reproduced through the local
 * gateway: guards released by their owner only, activation only with a verified matching
 * mobile, SMS verification limits, join probing limits, consent to share with platforms,
 * complete erasure, and join links minted and revoked without lag.
 */
let province: TestProvince;
let admin: string;
let partner: { id: string; apiKey: string };
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};
let seed = 5000;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: bearer(token) });
const worker = (sub = `w-${seed++}`) => province.token({ role: 'worker', sub });
const person = (name = '张伟') => {
  const n = seed++;
  return { name, mobile: validMobile(n), idNumber: validIdNumber(n) };
};

async function joinLink(orgKey = 'siming'): Promise<string> {
  const response = await as(staff[orgKey]!, 'POST', `/v1/orgs/${orgs[orgKey]!.id}/join-links`, {});
  expect(response.status).toBe(201);
  return response.body.token;
}

const joinBody = (joinToken: string, who: ReturnType<typeof person>, extra: Record<string, unknown> = {}) => ({
  joinToken,
  ...who,
  occupation: 'food_delivery',
  regionCode: '350203',
  consent: { version: '2026-01', accepted: true },
  ...extra,
});

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

/** The partner puts riders on its active roster and waits until the membership service knows them. */
async function rostered(riders: { riderId: string; name: string; mobile: string; idNumber: string }[]) {
  const headers = { 'x-api-key': partner.apiKey };
  const roster = (await province.request('POST', '/v1/rosters', { body: { mode: 'delta', asOf: new Date().toISOString() }, headers })).body;
  const rows = riders.map((rider) => ({ ...rider, regionCode: '350203', occupation: 'food_delivery', station: '莲前站', status: 'active' }));
  expect((await province.request('PUT', `/v1/rosters/${roster.id}/chunks/1`, { body: { rows }, headers })).status).toBe(202);
  expect((await province.request('POST', `/v1/rosters/${roster.id}/complete`, { body: { chunks: 1 }, headers })).status).toBe(202);
  await eventually(async () => {
    const items = await scanTables(province, 'memberships');
    const known = riders.every((rider) => items.some((item) => item.sk === `${partner.id}#${rider.riderId}` && item.contactIndex));
    return known ? true : undefined;
  });
}

/** The newest coverage announcement about a rider, from the memberships table's outbox. */
async function latestCoverage(riderId: string) {
  const events = outboxEvents(await scanTables(province, 'memberships'))
    .filter((event) => event.type === 'RiderMembershipChanged')
    .flatMap((event) => ridersCovered(event.data as Parameters<typeof ridersCovered>[0]))
    .filter((rider) => rider.riderId === riderId);
  // Undefined when none: the assertions on it then fail.
  return events.sort((a, b) => b.version - a.version)[0]!;
}

beforeAll(async () => {
  province = await startTestProvince();
  admin = await province.token({ role: 'province_admin', sub: 'admin' });
  await seedOrgTree(province, admin, { orgs, staff });
  partner = (await as(admin, 'POST', '/v1/accounts', { kind: 'partner', name: '闽送即配', creditCode: validCreditCode(700) })).body;
});

afterAll(async () => {
  await province?.stop();
});

describe('join links minted where the org lives', () => {
  it('work for an org created by the previous request, without waiting', async () => {
    const created = await as(staff.siming!, 'POST', '/v1/orgs', { name: '莲前街道联合工会', kind: 'joint_union', parentId: orgs.siming!.id, regionCode: '350203' });
    const link = await as(staff.siming!, 'POST', `/v1/orgs/${created.body.id}/join-links`, { station: '莲前站' });
    expect(link.status).toBe(201);
    const joined = await as(await worker(), 'POST', '/v1/memberships', joinBody(link.body.token, person()));
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ status: 'pending', orgId: created.body.id });
    const listed = await as(staff.siming!, 'GET', `/v1/orgs/${created.body.id}/join-links`);
    expect(listed.body.items).toEqual([expect.objectContaining({ token: link.body.token, station: '莲前站' })]);
  });

  it('stop working the moment staff revoke them, and leave the org list', async () => {
    const token = await joinLink('siming');
    const path = `/v1/orgs/${orgs.siming!.id}/join-links/${token}`;
    expectProblem(await as(staff.huli!, 'DELETE', path), 404);
    expectProblem(await as(staff.siming!, 'DELETE', `/v1/orgs/${orgs.huli!.id}/join-links/${token}`), 404);
    const revoked = await as(staff.xiamen!, 'DELETE', path);
    expect(revoked.status).toBe(204);
    expect((await as(staff.xiamen!, 'DELETE', path)).status).toBe(204);
    const refused = await as(await worker(), 'POST', '/v1/memberships', joinBody(token, person()));
    expectProblem(refused, 400);
    expect(refused.body.errors).toEqual([{ path: 'body.joinToken', message: expect.any(String) }]);
    await eventually(async () => {
      const listed = await as(staff.siming!, 'GET', `/v1/orgs/${orgs.siming!.id}/join-links`);
      return listed.body.items.some((item: { token: string }) => item.token === token) ? undefined : true;
    });
  });
});

describe('one live membership per person', () => {
  it('survives the erasure of an old membership: a third join is 409', async () => {
    const who = person();
    const link = await joinLink();
    const first = await worker();
    const old = (await as(first, 'POST', '/v1/memberships', joinBody(link, who))).body;
    expect((await as(first, 'DELETE', '/v1/memberships/me')).status).toBe(200);
    const second = await worker();
    const current = await as(second, 'POST', '/v1/memberships', joinBody(link, who));
    expect(current.status).toBe(201);
    // The person asks the union in person to erase the old membership.
    expect((await as(staff.siming!, 'POST', `/v1/memberships/${old.id}/erasure`)).status).toBe(202);
    expectProblem(await as(await worker(), 'POST', '/v1/memberships', joinBody(link, who)), 409);
    expectProblem(await as(first, 'POST', '/v1/memberships', joinBody(link, who)), 409);
    expect((await as(second, 'GET', '/v1/memberships/me')).body).toMatchObject({ id: current.body.id, status: 'pending' });
  });
});

describe('activation from a roster', () => {
  const riders = [
    { riderId: 'sec-1', name: '林小东', ...(({ mobile, idNumber }) => ({ mobile, idNumber }))(person()) },
    { riderId: 'sec-2', name: '黄志强', ...(({ mobile, idNumber }) => ({ mobile, idNumber }))(person()) },
    { riderId: 'sec-3', name: '郑美玲', ...(({ mobile, idNumber }) => ({ mobile, idNumber }))(person()) },
    { riderId: 'sec-4', name: '吴霞', ...(({ mobile, idNumber }) => ({ mobile, idNumber }))(person()) },
  ];
  const who = (i: number) => ({ name: riders[i]!.name, mobile: riders[i]!.mobile, idNumber: riders[i]!.idNumber });

  beforeAll(async () => {
    await rostered(riders);
  });

  it('needs more than the ID number: without a verified mobile the person stays pending', async () => {
    const joined = await as(await worker(), 'POST', '/v1/memberships', joinBody(await joinLink(), who(0)));
    expect(joined.status).toBe(201);
    expect(joined.body.status).toBe('pending');
    expect(joined.body).not.toHaveProperty('memberNo');
  });

  it('activates at once with the roster name and a verified mobile, numbering the member in the same write', async () => {
    const token = await worker();
    const mobileVerification = await verifiedMobile(province, token, riders[1]!.mobile);
    const joined = await as(token, 'POST', '/v1/memberships', joinBody(await joinLink(), who(1), { mobileVerification }));
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ status: 'active', memberNo: expect.stringMatching(/^35\d{10}$/) });
    const coverage = await latestCoverage('sec-2');
    expect(coverage).toMatchObject({ isMember: true, rostered: true, sharedWithPlatforms: false });
    // The code proved the mobile once.
    expectProblem(await as(await worker(), 'POST', '/v1/memberships', joinBody(await joinLink(), person(), { mobileVerification })), 400);
  });

  it('stays pending when the verified mobile comes with another name than the roster', async () => {
    const token = await worker();
    const mobileVerification = await verifiedMobile(province, token, riders[2]!.mobile);
    const joined = await as(token, 'POST', '/v1/memberships', joinBody(await joinLink(), { ...who(2), name: '郑美丽' }, { mobileVerification }));
    expect(joined.body.status).toBe('pending');
  });

  it('re-announces the rider when a member withdraws consent to share with platforms', async () => {
    const token = await worker();
    const mobileVerification = await verifiedMobile(province, token, riders[3]!.mobile);
    const joined = await as(token, 'POST', '/v1/memberships', joinBody(await joinLink(), who(3), { mobileVerification, consent: { version: '2026-01', accepted: true, shareWithPlatforms: true } }));
    expect(joined.body.status).toBe('active');
    const shared = await latestCoverage('sec-4');
    expect(shared).toMatchObject({ isMember: true, sharedWithPlatforms: true });
    const withdrawn = await as(token, 'PUT', '/v1/memberships/me/consent', { shareWithPlatforms: false });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ version: '2026-01', shareWithPlatforms: false, sharingChangedAt: expect.any(String) });
    const after = await latestCoverage('sec-4');
    expect(after.version).toBeGreaterThan(shared.version);
    expect(after).toMatchObject({ isMember: true, sharedWithPlatforms: false });
  });
});

describe('mobile verification', () => {
  it('sends a 6-digit code to the local outbox and refuses a resend too soon with Retry-After', async () => {
    const token = await worker();
    const { mobile } = person();
    const sent = await as(token, 'POST', '/v1/verifications/mobile', { mobile });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ verificationId: expect.stringMatching(/^ver_/), expiresAt: expect.any(String) });
    const outbox = await province.request('GET', `/local/sms?mobile=${mobile}`);
    expect(outbox.body.items).toEqual([{ mobile, text: expect.stringMatching(/\b\d{6}\b/), sentAt: expect.any(String) }]);
    const again = await as(token, 'POST', '/v1/verifications/mobile', { mobile });
    expectProblem(again, 429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another worker account cannot flood the same phone either.
    expectProblem(await as(await worker(), 'POST', '/v1/verifications/mobile', { mobile }), 429);
  });

  it('dies after five wrong codes: the right code is refused afterwards', async () => {
    const token = await worker();
    const who = person();
    const link = await joinLink();
    const { verificationId, code } = await verifiedMobile(province, token, who.mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const response = await as(token, 'POST', '/v1/memberships', joinBody(link, who, { mobileVerification: { verificationId, code: wrong } }));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ path: 'body.mobileVerification.code', message: expect.any(String) }]);
    }
    const dead = await as(token, 'POST', '/v1/memberships', joinBody(link, who, { mobileVerification: { verificationId, code } }));
    expectProblem(dead, 400);
    expect(dead.body.errors).toEqual([{ path: 'body.mobileVerification.verificationId', message: expect.any(String) }]);
    expect(await lastCode(province, who.mobile)).toBe(code);
    expectProblem(await as(token, 'GET', '/v1/memberships/me'), 404);
  });
});

describe('join probing', () => {
  it('is limited per worker and ID number, never locks the real person out, and 409 never says pending or active', async () => {
    const link = await joinLink();
    const target = person();
    const owner = await worker();
    expect((await as(owner, 'POST', '/v1/memberships', joinBody(link, target))).body.status).toBe('pending');
    const activePerson = person();
    const { id } = (await as(await worker(), 'POST', '/v1/memberships', joinBody(link, activePerson))).body;
    await as(staff.siming!, 'POST', `/v1/memberships/${id}/approve`);

    const prober = await worker();
    const details = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const response = await as(prober, 'POST', '/v1/memberships', joinBody(link, target));
      expectProblem(response, 409);
      details.add(response.body.detail);
    }
    const againstActive = await as(await worker(), 'POST', '/v1/memberships', joinBody(link, activePerson));
    expectProblem(againstActive, 409);
    details.add(againstActive.body.detail);
    expect(details.size).toBe(1);

    const limited = await as(prober, 'POST', '/v1/memberships', joinBody(link, target));
    expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // The real person, on a new account, is not locked out by the prober's hammering.
    expect((await as(owner, 'DELETE', '/v1/memberships/me')).status).toBe(200);
    expect((await as(await worker(), 'POST', '/v1/memberships', joinBody(link, target))).status).toBe(201);
  });
});

describe('erasure', () => {
  it('by staff removes every link from the person and the account, and publishes WorkerErased', async () => {
    const sub = `w-erase-${seed++}`;
    const token = await worker(sub);
    const who = person('欧阳娜娜');
    // Joined with an Idempotency-Key: the stored answer names the membership, so it must go too.
    const joined = await province.request('POST', '/v1/memberships', { body: joinBody(await joinLink(), who), headers: { ...bearer(token), 'idempotency-key': `join-${sub}` } });
    const { id } = joined.body;
    const workerRecords = async () => (await scanTables(province, 'idempotency')).filter((record) => record.caller === `worker:${sub}`);
    expect(await workerRecords()).toHaveLength(1);
    const approved = await as(staff.siming!, 'POST', `/v1/memberships/${id}/approve`);
    const memberNo: string = approved.body.memberNo;
    expectProblem(await as(staff.huli!, 'POST', `/v1/memberships/${id}/erasure`), 404);
    const erased = await as(staff.xiamen!, 'POST', `/v1/memberships/${id}/erasure`);
    expect(erased.status).toBe(202);
    expect(erased.body).toEqual({ status: 'erased' });
    expectProblem(await as(token, 'GET', '/v1/memberships/me'), 404);

    const workerId = `worker:${sub}`;
    const blindIndex = await piiVault().mac('id-number', who.idNumber);
    // Outbox items as the events they hold (large ones are stored gzipped), other items as stored.
    const readable: Record<string, unknown>[] = (await scanTables(province, 'memberships')).map((item) => outboxEvents([item])[0] ?? item);
    const notice = readable.filter((event) => event.type === 'WorkerErased');
    expect(notice.map((event) => event.data)).toContainEqual({ workerId });
    // Only the erasure notice itself names the account (until its outbox TTL), so other services can act on it.
    const rest = JSON.stringify(readable.filter((item) => !notice.includes(item)));
    expect(rest).not.toContain(workerId);
    expect(rest).not.toContain(memberNo);
    expect(rest).not.toContain(blindIndex);
    expect(await workerRecords()).toEqual([]);
    const remaining = readable.find((item) => item.pk === `MEMBERSHIP#${id}`);
    expect(remaining).toMatchObject({ status: 'erased', orgId: orgs.siming!.id, occupation: 'food_delivery' });
    // The same person may join again: nothing remembers them.
    expect((await as(await worker(), 'POST', '/v1/memberships', joinBody(await joinLink(), who))).status).toBe(201);
  });
});

describe('platforms', () => {
  it('keeps a typed platform on the province list and counts any other as other', async () => {
    const known = (await as(await worker(), 'POST', '/v1/memberships', joinBody(await joinLink('huli'), person(), { platform: ' 闽送即配 ', regionCode: '350206' }))).body;
    const unknown = (await as(await worker(), 'POST', '/v1/memberships', joinBody(await joinLink('huli'), person(), { platform: '某某跑腿', regionCode: '350206' }))).body;
    const list = (await as(staff.huli!, 'GET', `/v1/orgs/${orgs.huli!.id}/memberships?limit=100`)).body.items;
    expect(list.find((item: { id: string }) => item.id === known.id).platforms).toEqual(['闽送即配']);
    expect(list.find((item: { id: string }) => item.id === unknown.id).platforms).toEqual(['other']);
  });
});
