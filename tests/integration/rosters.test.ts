import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../events/envelope.js';
import { RiderMembershipChangedV1, type RiderMembershipChangedV1Data } from '../../events/rider-membership-changed.v1.js';
import { ridersAnnounced, type RiderStatusChangedV2Data } from '../../events/rider-status-changed.v2.js';
import { RIDERS_PER_WRITE } from '../../functions/rosters/domain/rider.js';
import { OUTBOX_PREFIX } from '../../shared/outbox.js';
import { rosterRow, validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { verifiedMobile } from '../helpers/membership.js';
import { outboxEvents } from '../helpers/outbox.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';
import { scanTables } from '../helpers/tables.js';

let province: TestProvince;
let admin: Record<string, string>;
const partners: Record<string, { id: string; apiKey: string; name: string }> = {};
let joinToken = '';

const rider = rosterRow;

const asPartner = (key: string, method: string, path: string, body?: unknown) =>
  province.request(method, path, { body, headers: { 'x-api-key': partners[key]!.apiKey } });

async function upload(key: string, mode: 'snapshot' | 'delta', chunks: unknown[][], timeoutMs?: number) {
  const roster = (await asPartner(key, 'POST', '/v1/rosters', { mode, asOf: new Date().toISOString() })).body;
  for (const [i, rows] of chunks.entries()) expect((await asPartner(key, 'PUT', `/v1/rosters/${roster.id}/chunks/${i + 1}`, { rows })).status).toBe(202);
  expect((await asPartner(key, 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: chunks.length })).status).toBe(202);
  return eventually(async () => {
    const state = (await asPartner(key, 'GET', `/v1/rosters/${roster.id}`)).body;
    return state.status === 'completed' ? state : undefined;
  }, timeoutMs);
}

beforeAll(async () => {
  // Tests here leave rosters receiving (to check what a chunk answers): more than a partner's default.
  province = await startTestProvince({ rosterLimits: { openRostersPerPartner: 20 } });
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

  it('answers 1,000 rows of 50 unknown fields each with a bounded list of rejections, saying how many it left out', async () => {
    const roster = (await asPartner('b', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    const unknown = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`u${i}`, i]));
    const response = await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: Array.from({ length: 1000 }, (_, i) => rider(3000 + i, unknown)) });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(0);
    expect(response.body.rejected).toHaveLength(500);
    expect(response.body.rejected[0]).toEqual({ index: 0, path: 'u0', message: 'is not a known field' });
    expect(response.body.omittedRejections).toBe(50_000 - 500);
    expect((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).body.rows).toMatchObject({ received: 1000, accepted: 0, rejected: 1000 });
  });

  it('refuses a chunk nested a hundred thousand levels deep with 400 naming the body, and stores nothing', async () => {
    const roster = (await asPartner('b', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const rawBody = `{"rows":[${JSON.stringify(rider(4000))},${deep}]}`;
    const response = await province.request('PUT', `/v1/rosters/${roster.id}/chunks/1`, { rawBody, headers: { 'x-api-key': partners.b!.apiKey, 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['body']);
    const retry = await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(4000)] });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ seq: 1, accepted: 1, rejected: [] });
  });

  it('rejects a row nested deeper than a row can be as one bad row, and takes the rest', async () => {
    const roster = (await asPartner('b', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    const nested = JSON.parse(`${'['.repeat(12)}${']'.repeat(12)}`);
    const response = await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(4001), nested] });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ seq: 1, accepted: 1, rejected: [{ index: 1, path: 'row', message: 'is nested more than 8 levels deep' }] });
    const again = await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(4001), nested] });
    expect(again.body).toEqual(response.body);
  });

  it('keeps the accepted rows sealed in items that expire within two days, apart from the receipt, and leaves them to expire once applied', async () => {
    const roster = (await asPartner('b', 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    await asPartner('b', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: [rider(5000), rider(5001, { mobile: 'bad' })] });
    const items = (await scanTables(province, 'rosters')).filter((item) => item.pk === `ROSTER#${roster.id}`);
    const sealed = items.filter((item) => String(item.sk).startsWith('SEALED#'));
    const inTwoDays = Date.now() / 1000 + 2 * 24 * 3600;
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.expiresAt).toBeGreaterThan(inTwoDays - 3600);
    expect(sealed[0]!.expiresAt).toBeLessThanOrEqual(inTwoDays + 1);
    const receipt = items.find((item) => item.sk === 'CHUNK#000001')!;
    expect(receipt).not.toHaveProperty('expiresAt');
    expect(receipt).toMatchObject({ accepted: 1, rejected: [{ index: 1, path: 'mobile' }] });

    await asPartner('b', 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: 1 });
    await eventually(async () => ((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).body.status === 'completed' ? true : undefined));
    const after = (await scanTables(province, 'rosters')).filter((item) => item.pk === `ROSTER#${roster.id}`);
    // Deleting them would cost as many write units as storing them did; TTL deletes for free.
    expect(after.filter((item) => String(item.sk).startsWith('SEALED#'))).toEqual(sealed);
    expect(after.find((item) => item.sk === 'CHUNK#000001')).toMatchObject({ applied: { created: 1, updated: 0, unchanged: 0 }, rejected: [{ index: 1, path: 'mobile' }] });
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

  it('keeps no roster row in plain text, only sealed rows that expire', async () => {
    const items = await scanTables(province, 'rosters');
    const dump = JSON.stringify([...items, ...(await scanTables(province, 'riders'))]);
    for (const n of [1, 2, 10, 11, 12, 30, 40]) {
      expect(dump).not.toContain(validIdNumber(n));
      expect(dump).not.toContain(validMobile(n));
    }
    expect(dump).not.toContain('骑手甲');
    const completedChunks = items.filter((item) => String(item.sk).startsWith('CHUNK#') && item.applied);
    expect(completedChunks.length).toBeGreaterThan(0);
    for (const chunk of completedChunks) expect(chunk).not.toHaveProperty('sealedRows');
    for (const item of items.filter((item) => String(item.sk).startsWith('SEALED#'))) expect(item.expiresAt).toBeLessThanOrEqual(Date.now() / 1000 + 2 * 24 * 3600 + 1);
  });
});

async function rootOrgId(): Promise<string> {
  const items = await scanTables(province, 'orgs');
  return items.find((item) => item.pk === 'ROOT')!.orgId;
}

/** Waits until the membership service has `count` roster rows for person `n` (its projection lags by moments). */
async function waitForRostered(n: number, count: number) {
  await eventually(async () => {
    const rows = (await scanTables(province, 'memberships')).filter((item) => String(item.pk).startsWith('ROSTERED#'));
    const expected = (await scanTables(province, 'riders')).find((item) => item.riderId === `r-${n}`)?.personIndex;
    return expected && rows.filter((row) => row.pk === `ROSTERED#${expected}`).length >= count ? true : undefined;
  });
}

/** Puts a RiderMembershipChanged on the rosters projector's queue, as the relay would. */
async function sendMembership(data: RiderMembershipChangedV1Data) {
  const sqs = new SQSClient({ endpoint: province.env.AWS_ENDPOINT_URL_SQS });
  const event = envelope(RiderMembershipChangedV1, data, { province: '35', now: new Date() });
  await sqs.send(new SendMessageCommand({ QueueUrl: province.queues.rostersMembershipProjector!.queueUrl, MessageBody: JSON.stringify(event) }));
  sqs.destroy();
}

/** Waits until a consumer's queue holds no message, waiting or in flight: all it was sent is handled. */
async function queueDrained(consumer: 'rostersMembershipProjector' | 'rostersPlanner' | 'rosterSteps') {
  const sqs = new SQSClient({ endpoint: province.env.AWS_ENDPOINT_URL_SQS });
  await eventually(async () => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: province.queues[consumer]!.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0 ? true : undefined;
  });
  sqs.destroy();
}

const projectorDrained = () => queueDrained('rostersMembershipProjector');

describe('riders and coverage', () => {
  const statsOfRoot = async () => (await province.request('GET', `/v1/orgs/${await rootOrgId()}/stats`, { headers: admin })).body;

  it('shows a partner its own rider, and whether a member only when the member shares it', async () => {
    await upload('a', 'delta', [[rider(60)]]);
    await waitForRostered(60, 1);
    expect((await asPartner('a', 'GET', '/v1/riders/r-60')).body).toEqual({ riderId: 'r-60', status: 'active', regionCode: '350203', station: '莲前站', isMember: null });
    expect((await asPartner('b', 'GET', '/v1/riders/r-60')).status).toBe(404);

    // A member who did not agree to share: the partner still sees null.
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
    await eventually(async () => ((await scanTables(province, 'riders')).find((item) => item.pk.startsWith(`RIDERS#${partners.a!.id}#`) && item.sk === 'MEMBERSHIP#r-60')?.isMember === true ? true : undefined));
    expect((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember).toBeNull();

    // Versions far above the membership service's own (epoch milliseconds), so only these count from here.
    const base = 2 * Date.now();
    const announce = (data: Pick<RiderMembershipChangedV1Data, 'isMember' | 'sharedWithPlatforms' | 'version'>) =>
      sendMembership({ partnerId: partners.a!.id, riderId: 'r-60', regionCode: '350203', rostered: true, ...data });
    await announce({ isMember: true, sharedWithPlatforms: true, version: base });
    await eventually(async () => ((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember === true ? true : undefined));

    await announce({ isMember: false, sharedWithPlatforms: true, version: base - 1 });
    await projectorDrained();
    expect((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember).toBe(true);

    await announce({ isMember: false, sharedWithPlatforms: true, version: base + 1 });
    await eventually(async () => ((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember === false ? true : undefined));
    // Consent withdrawn (the rider is a member again, as the union's own counts below expect).
    await announce({ isMember: true, sharedWithPlatforms: false, version: base + 2 });
    await eventually(async () => ((await asPartner('a', 'GET', '/v1/riders/r-60')).body.isMember === null ? true : undefined));
  });

  it('counts the riders rostered in an org\'s region and how many are members', async () => {
    const settled = await eventually(async () => {
      const items = await scanTables(province, 'riders');
      const members = new Set(items.filter((item) => item.sk.startsWith('MEMBERSHIP#') && item.isMember).map((item) => `${item.pk}#${item.sk.slice('MEMBERSHIP#'.length)}`));
      const riders = items.filter((item) => item.sk.startsWith('RIDER#') && item.status === 'active');
      const expected = { riders: riders.length, ridersWhoAreMembers: riders.filter((item) => members.has(`${item.pk}#${item.riderId}`)).length };
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
    // The stalled roster's RosterCompleted is relayed before a later roster's (one stream, in
    // order): once the later one is applied and the queues are empty, the stalled one's message
    // has been handled too, and found the roster no longer processing.
    await upload('b', 'delta', [[rider(51)]]);
    await queueDrained('rostersPlanner');
    await queueDrained('rosterSteps');
    expect((await asPartner('b', 'GET', `/v1/rosters/${roster.id}`)).body.status).toBe('failed');
    expect(await province.runSchedule('rostersWatchdog', later)).toEqual({ failed: 0 });
  });
});

// Last in the file: applying 1,000 riders, and the membership service hearing of each, takes a
// while on the local engines, and nothing after it should wait behind that.
describe('a chunk at the largest', () => {
  it('takes 1,000 valid rows with every field at its longest, and applies them all', { timeout: 180_000 }, async () => {
    const longest = (n: number) => rider(n, { riderId: `L${n}`.padStart(64, '骑'), name: '欧'.repeat(30), station: `${n}`.padStart(64, '站') });
    const done = await upload('b', 'delta', [Array.from({ length: 1000 }, (_, i) => longest(2000 + i))], 150_000);
    expect(done.rows).toEqual({ received: 1000, accepted: 1000, rejected: 0, created: 1000, updated: 0, unchanged: 0, departed: 0 });
    // The chunk's announcements, one a batch, went into one outbox item, and the relay published each of them.
    const riderIds = new Set(Array.from({ length: 1000 }, (_, i) => longest(2000 + i).riderId));
    const announcing = (await scanTables(province, 'rosters')).filter(
      (item) => String(item.pk).startsWith(OUTBOX_PREFIX) && outboxEvents([item]).some((event) => event.type === 'RiderStatusChanged' && ridersAnnounced(event.data as RiderStatusChangedV2Data).some((announced) => riderIds.has(announced.riderId))),
    );
    expect(announcing).toHaveLength(1);
    expect(outboxEvents(announcing)).toHaveLength(Math.ceil(1000 / RIDERS_PER_WRITE));
    await eventually(async () => {
      const rostered = (await scanTables(province, 'memberships')).filter((item) => String(item.pk).startsWith('ROSTERED#') && riderIds.has(String(item.sk).slice(String(item.sk).indexOf('#') + 1)));
      return rostered.length === 1000 ? true : undefined;
    }, 60_000);
  });
});
