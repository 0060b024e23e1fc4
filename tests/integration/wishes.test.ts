import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { wishBody, wishWorld, type WishWorld } from '../helpers/wishes.js';

let province: TestProvince;
let world: WishWorld;
let donorA: { id: string; apiKey: string };
let donorB: { id: string; apiKey: string };
let campaign: any;
/** Every answer a donor got, and every person made: scanned for personal data at the end. */
const donorAnswers: ApiResponse[] = [];
const people: { name: string; mobile: string; idNumber: string; workerId: string }[] = [];

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

const asDonor = async (donor: { apiKey: string }, method: string, path: string, body?: unknown) => {
  const response = await world.keyed(donor.apiKey, method, path, body);
  donorAnswers.push(response);
  return response;
};

async function member(orgKey: 'siming' | 'huli' = 'siming') {
  const made = await activeMember(province, { staffToken: world.staff[orgKey], orgId: world.orgs[orgKey] });
  people.push({ ...made.person, workerId: made.workerId });
  return made;
}

/** A member's wish, submitted and approved: open in the pool. */
async function openWish(target = campaign, overrides: Record<string, unknown> = {}) {
  const worker = await member();
  const submitted = await world.bearer(worker.token, 'POST', `/v1/campaigns/${target.id}/wishes`, wishBody(overrides));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${submitted.body.id}/approve`)).body).toEqual({ status: 'open' });
  return { wishId: submitted.body.id as string, worker };
}

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
  donorA = await world.donor('厦门鹭岛爱心电器有限公司');
  donorB = await world.donor('厦门海沧爱心超市有限公司');
  campaign = await world.campaign();
});

afterAll(async () => {
  await province?.stop();
});

describe('a micro-wish from campaign to thanks', () => {
  it('runs the whole life: submit, review, pool, claim, deliver to a station, confirm with thanks, gifts, report', async () => {
    // A member approved a moment ago submits at once (read your writes).
    const worker = await member();
    const submitted = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody());
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({ id: expect.stringMatching(/^wish_/), status: 'pending_review' });
    const wishId = submitted.body.id;

    const mine = await world.bearer(worker.token, 'GET', '/v1/wishes/me');
    expect(mine.body.items).toEqual([expect.objectContaining({ id: wishId, status: 'pending_review', title: '电饭煲' })]);
    // Not yet in the pool, and not visible to donors by id.
    expectProblem(await asDonor(donorA, 'GET', `/v1/wishes/${wishId}`), 404);

    expect((await world.bearer(world.staff.xiamen, 'POST', `/v1/wishes/${wishId}/approve`)).body).toEqual({ status: 'open' });
    expectProblem(await world.bearer(world.staff.xiamen, 'POST', `/v1/wishes/${wishId}/approve`), 409);

    const pool = await asDonor(donorA, 'GET', `/v1/wishes?campaignId=${campaign.id}`);
    expect(pool.body.items).toContainEqual({
      id: wishId,
      campaignId: campaign.id,
      title: '电饭煲',
      category: 'appliance',
      description: wishBody().description,
      valueFen: 30_000,
      status: 'open',
      regionCode: '350203',
      occupation: 'food_delivery',
    });

    const claimed = await asDonor(donorA, 'POST', `/v1/wishes/${wishId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({ status: 'claimed', claimedBy: donorA.id, claimExpiresAt: expect.any(String) });
    expect(Date.parse(claimed.body.claimExpiresAt) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    expectProblem(await asDonor(donorB, 'POST', `/v1/wishes/${wishId}/claim`), 409);

    // Another donor sees the wish but may not change it, nor see the claimer's details.
    expectProblem(await asDonor(donorB, 'POST', `/v1/wishes/${wishId}/release`), 403);
    expectProblem(await asDonor(donorB, 'POST', `/v1/wishes/${wishId}/deliver`, { note: '已送达', to: 'org' }), 403);

    expectProblem(await asDonor(donorA, 'POST', `/v1/wishes/${wishId}/deliver`, { note: '放在前台', to: 'station', station: '不存在的驿站' }), 400);
    const delivered = await asDonor(donorA, 'POST', `/v1/wishes/${wishId}/deliver`, { note: '请联系张师傅取件，已放在前台', to: 'station', station: '莲前驿站' });
    expect(delivered.body).toEqual({ status: 'delivered' });

    const seenByOther = await asDonor(donorB, 'GET', `/v1/wishes/${wishId}`);
    expect(seenByOther.status).toBe(200);
    expect(JSON.stringify(seenByOther.body)).not.toContain('张师傅');
    expect(seenByOther.body.claim).toBeUndefined();
    const seenByClaimer = await asDonor(donorA, 'GET', `/v1/wishes/${wishId}`);
    expect(seenByClaimer.body.delivery).toMatchObject({ to: 'station', note: '请联系张师傅取件，已放在前台', station: { name: '莲前驿站' } });

    const ownView = await world.bearer(worker.token, 'GET', `/v1/wishes/${wishId}`);
    expect(ownView.body).toMatchObject({ status: 'delivered', delivery: { to: 'station', station: { name: '莲前驿站', address: '思明区莲前西路 100 号' } } });
    expect(ownView.body.delivery.note).toBeUndefined();
    expect(ownView.body.claim.claimedBy).toBeUndefined();

    const inbox = await eventually(async () => {
      const response = await world.bearer(worker.token, 'GET', '/v1/notifications/me');
      return response.body.items.some((n: { type: string }) => n.type === 'WishDelivered') ? response : undefined;
    });
    expect(inbox.body.items.map((n: { type: string }) => n.type)).toEqual(['WishDelivered', 'WishClaimed', 'WishOpened']);
    expect(inbox.body.items[0].text).toContain('莲前驿站');
    const read = await world.bearer(worker.token, 'POST', '/v1/notifications/me/read', { ids: [inbox.body.items[0].id, 'ntf_not_mine'] });
    expect(read.body).toEqual({ marked: 1 });
    expect((await world.bearer(worker.token, 'GET', '/v1/notifications/me')).body.items[0].read).toBe(true);

    // Thanks with a mobile number in it are refused, naming the field.
    const leaky = await world.bearer(worker.token, 'POST', `/v1/wishes/${wishId}/confirm`, { thanks: '谢谢！有事打我 138 0013 8000' });
    expectProblem(leaky, 400);
    expect(leaky.body.errors).toEqual([{ path: 'body.thanks', message: expect.any(String) }]);
    const other = await member();
    expectProblem(await world.bearer(other.token, 'POST', `/v1/wishes/${wishId}/confirm`, { thanks: '谢谢' }), 404);
    expect((await world.bearer(worker.token, 'POST', `/v1/wishes/${wishId}/confirm`, { thanks: '谢谢爱心企业，电饭煲很好用！' })).body).toEqual({ status: 'fulfilled' });

    const gifts = await asDonor(donorA, 'GET', '/v1/donors/me/gifts');
    expect(gifts.body.items).toContainEqual(expect.objectContaining({ wishId, status: 'fulfilled', thanks: '谢谢爱心企业，电饭煲很好用！', valueFen: 30_000, deliveredAt: expect.any(String) }));
    expect(gifts.body.totals).toEqual({ count: 1, valueFen: 30_000 });
    expect(gifts.body.claims).toEqual({ open: 0, limit: 20 });

    const counted = await eventually(async () => {
      const response = await world.bearer(worker.token, 'GET', `/v1/campaigns/${campaign.id}`);
      return response.body.counts.fulfilled >= 1 ? response : undefined;
    });
    expect(counted.body).toMatchObject({ id: campaign.id, phase: 'open', spentFen: 0 });
  });

  it('lets staff fund a wish from the budget, deliver it to the union and confirm it', async () => {
    const { wishId, worker } = await openWish(campaign, { title: '电风扇', valueFen: 20_000 });
    expectProblem(await asDonor(donorA, 'POST', `/v1/wishes/${wishId}/fund`), 403);
    expectProblem(await world.bearer(world.staff.huli, 'POST', `/v1/wishes/${wishId}/fund`), 404);
    const funded = await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wishId}/fund`);
    expect(funded.body).toEqual({ status: 'claimed', claimedBy: world.orgs.siming, claimExpiresAt: null });
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`)).body.spentFen).toBe(20_000);

    // Releasing a union-funded wish returns its value; funding again takes it again.
    expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wishId}/release`)).body).toEqual({ status: 'open' });
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`)).body.spentFen).toBe(0);
    await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wishId}/fund`);
    expectProblem(await asDonor(donorA, 'POST', `/v1/wishes/${wishId}/deliver`, { note: '送达', to: 'org' }), 403);
    expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wishId}/deliver`, { note: '工会采购', to: 'org' })).body).toEqual({ status: 'delivered' });
    expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${wishId}/confirm`, {})).body).toEqual({ status: 'fulfilled' });
    expect((await world.bearer(worker.token, 'GET', `/v1/wishes/${wishId}`)).body).toMatchObject({ status: 'fulfilled', claim: { kind: 'union' } });
  });

  it('reports a campaign as JSON and as CSV', async () => {
    const report = await eventually(async () => {
      const response = await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}/report`);
      return response.body.byStatus?.fulfilled >= 2 ? response : undefined;
    });
    expect(report.body.value).toMatchObject({ adoptedByDonorsFen: expect.any(Number), fundedByUnionFen: 20_000 });
    expect(report.body.donors).toContainEqual(expect.objectContaining({ donorId: donorA.id, name: '厦门鹭岛爱心电器有限公司', fulfilled: 1 }));
    expect(report.body.byCategory).toContainEqual(expect.objectContaining({ category: 'appliance' }));
    expect(report.body.daysToFulfil.count).toBeGreaterThanOrEqual(2);

    const csv = await province.request('GET', `/v1/campaigns/${campaign.id}/report`, { headers: { authorization: `Bearer ${world.staff.siming}`, accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('section,name,status,count,value');
    expect(lines).toContain('value,funded_by_union,,,20000');
    expect(lines.some((line) => line.startsWith('donor,厦门鹭岛爱心电器有限公司,'))).toBe(true);
    expectProblem(await world.bearer(world.staff.huli, 'GET', `/v1/campaigns/${campaign.id}/report`), 404);
  });

  it('counts fulfilled wishes and their value in the stats of the org and its ancestors', async () => {
    for (const org of ['siming', 'xiamen', 'root'] as const) {
      const stats = await eventually(async () => {
        const response = await world.bearer(world.staff[org], 'GET', `/v1/orgs/${world.orgs[org]}/stats`);
        return response.body.wishes?.fulfilled >= 2 ? response : undefined;
      });
      expect(stats.body.wishes).toEqual({ fulfilled: 2, fulfilledByMonth: expect.any(Array), valueFen: 50_000, fundedByUnionFen: 20_000 });
      // Both in the month they were fulfilled (this one, unless the test ran across a month's end).
      expect(stats.body.wishes.fulfilledByMonth.reduce((sum: number, n: number) => sum + n, 0)).toBe(2);
    }
    expect((await world.bearer(world.staff.huli, 'GET', `/v1/orgs/${world.orgs.huli}/stats`)).body.wishes).toEqual({ fulfilled: 0, fulfilledByMonth: Array(12).fill(0), valueFen: 0, fundedByUnionFen: 0 });
  });
});

describe('who may submit, and what', () => {
  it('refuses a worker without an active membership with 403', async () => {
    const stranger = await province.token({ role: 'worker', sub: 'never-joined' });
    expectProblem(await world.bearer(stranger, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody()), 403);
    const elsewhere = await member('huli');
    expectProblem(await world.bearer(elsewhere.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody()), 403);
  });

  it('refuses a value over the cap (400), a closed campaign, a second wish and a full quota (409)', async () => {
    const worker = await member();
    const over = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody({ valueFen: 50_001 }));
    expectProblem(over, 400);
    expect(over.body.errors).toEqual([{ path: 'body.valueFen', message: expect.any(String) }]);

    const closed = await world.campaign({ opensAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), closesAt: new Date(Date.now() - 86_400_000).toISOString() });
    expectProblem(await world.bearer(worker.token, 'POST', `/v1/campaigns/${closed.id}/wishes`, wishBody()), 409);

    expect((await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody())).status).toBe(201);
    expectProblem(await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody({ title: '书包' })), 409);

    const small = await world.campaign({ quota: 1 });
    expect((await world.bearer(worker.token, 'POST', `/v1/campaigns/${small.id}/wishes`, wishBody())).status).toBe(201);
    const late = await member();
    expectProblem(await world.bearer(late.token, 'POST', `/v1/campaigns/${small.id}/wishes`, wishBody()), 409);
  });

  it('refuses an ID number or a mobile in the description, naming the field', async () => {
    const worker = await member();
    for (const description of ['我的身份证 350203199001010018 请核实', '联系我：13912345678', '电话 +86 139-1234-5678']) {
      const response = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody({ description }));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ path: 'body.description', message: expect.stringContaining('mobile') }]);
    }
  });

  it('shows the worker a rejection with its reason and lets them submit again', async () => {
    const worker = await member();
    const first = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody({ title: '游戏机' }));
    expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${first.body.id}/reject`, { reason: '请提交生活必需品' })).body).toEqual({ status: 'rejected' });
    expect((await world.bearer(worker.token, 'GET', `/v1/wishes/${first.body.id}`)).body).toMatchObject({ status: 'rejected', rejectionReason: '请提交生活必需品' });
    expect((await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody())).status).toBe(201);
  });
});

describe('a member who leaves', () => {
  it('has their wishes withdrawn, and the donor holding the claim is told in its gifts', async () => {
    const { wishId, worker } = await openWish(campaign, { title: '儿童书桌' });
    expect((await asDonor(donorB, 'POST', `/v1/wishes/${wishId}/claim`)).status).toBe(200);
    expect((await world.bearer(worker.token, 'DELETE', '/v1/memberships/me')).status).toBe(200);
    const gift = await eventually(async () => {
      const gifts = await asDonor(donorB, 'GET', '/v1/donors/me/gifts');
      return gifts.body.items.find((item: { wishId: string; status: string }) => item.wishId === wishId && item.status === 'withdrawn');
    });
    expect(gift.withdrawnAt).toEqual(expect.any(String));
    expect((await asDonor(donorB, 'GET', '/v1/donors/me/gifts')).body.claims.open).toBe(0);
    const pool = await asDonor(donorA, 'GET', `/v1/wishes?campaignId=${campaign.id}`);
    expect(pool.body.items.map((item: { id: string }) => item.id)).not.toContain(wishId);
  });
});

describe('the pool and donor answers', () => {
  it('filters by category, value and region prefix, pages with a cursor, and refuses unapproved statuses to donors', async () => {
    await openWish(campaign, { title: '台灯', category: 'education', valueFen: 8_000 });
    await openWish(campaign, { title: '血压计', category: 'health', valueFen: 15_000 });
    const cheap = await asDonor(donorA, 'GET', '/v1/wishes?maxValueFen=10000&regionCode=3502');
    expect(cheap.body.items.length).toBeGreaterThan(0);
    expect(cheap.body.items.every((item: { valueFen: number; regionCode: string }) => item.valueFen <= 10_000 && item.regionCode.startsWith('3502'))).toBe(true);
    const health = await asDonor(donorA, 'GET', `/v1/wishes?campaignId=${campaign.id}&category=health`);
    expect(health.body.items.map((item: { category: string }) => item.category)).toEqual(['health']);
    expect((await asDonor(donorA, 'GET', '/v1/wishes?regionCode=3302')).body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await asDonor(donorA, 'GET', `/v1/wishes?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(2);

    expectProblem(await asDonor(donorA, 'GET', '/v1/wishes?status=pending_review'), 403);
    expectProblem(await asDonor(donorA, 'GET', '/v1/wishes?cursor=bm90LWEtY3Vyc29y'), 400);
  });

  it('never shows a donor a name, mobile, ID number or worker id', () => {
    const text = JSON.stringify(donorAnswers.map((response) => response.body));
    expect(donorAnswers.length).toBeGreaterThan(10);
    for (const person of people) {
      for (const value of [person.mobile, person.idNumber, person.workerId, person.workerId.replace(/^worker:/, '')]) expect(text).not.toContain(value);
    }
    expect(text).not.toContain('林小东');
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
  });
});
