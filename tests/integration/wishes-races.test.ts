import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';
import { wishBody, wishWorld, type WishWorld } from '../helpers/wishes.js';

let province: TestProvince;
let world: WishWorld;

/** Members are made a few at a time: making them is set-up, not the race under test. */
async function members(count: number) {
  const made: Awaited<ReturnType<typeof activeMember>>[] = [];
  while (made.length < count) {
    const batch = Math.min(5, count - made.length);
    made.push(...(await Promise.all(Array.from({ length: batch }, () => activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming })))));
  }
  return made;
}

/** `count` open wishes of one campaign, each from its own member. */
async function openWishes(campaignId: string, count: number, valueFen = 30_000): Promise<string[]> {
  const ids: string[] = [];
  for (const worker of await members(count)) {
    const submitted = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaignId}/wishes`, wishBody({ valueFen }));
    expect(submitted.status).toBe(201);
    await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${submitted.body.id}/approve`);
    ids.push(submitted.body.id);
  }
  return ids;
}

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
});

afterAll(async () => {
  await province?.stop();
});

describe('simultaneous requests', () => {
  it('gives a wish to exactly one of 20 simultaneous claims; the rest get 409', async () => {
    const campaign = await world.campaign();
    const [wishId] = await openWishes(campaign.id, 1);
    const donors = await Promise.all(Array.from({ length: 20 }, (_, i) => world.donor(`爱心企业${i}`)));
    const answers = await Promise.all(donors.map((donor) => world.keyed(donor.apiKey, 'POST', `/v1/wishes/${wishId}/claim`)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(19);
    const winner = answers.find((answer) => answer.status === 200)!.body.claimedBy;
    const wish = await world.bearer(world.staff.siming, 'GET', `/v1/wishes/${wishId}`);
    expect(wish.body.claim.claimedBy).toBe(winner);
  });

  it('splits overlapping bulk claims of two donors with no wish claimed twice', async () => {
    const campaign = await world.campaign();
    const ids = await openWishes(campaign.id, 8);
    const [a, b] = [await world.donor('甲公司'), await world.donor('乙公司')];
    const [first, second] = await Promise.all([
      world.keyed(a.apiKey, 'POST', '/v1/wishes/claims', { wishIds: [...ids.slice(0, 6), 'wish_missing'] }),
      world.keyed(b.apiKey, 'POST', '/v1/wishes/claims', { wishIds: ids.slice(2) }),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const claimedBy = new Map<string, string>();
    for (const [donor, answer] of [[a.id, first], [b.id, second]] as const) {
      for (const item of answer.body.items) {
        if (item.status !== 'claimed') continue;
        expect(claimedBy.has(item.wishId)).toBe(false);
        claimedBy.set(item.wishId, donor);
      }
    }
    expect([...claimedBy.keys()].sort()).toEqual([...ids].sort());
    expect(first.body.items.find((item: { wishId: string }) => item.wishId === 'wish_missing')).toEqual({ wishId: 'wish_missing', status: 'not_found' });
    for (const id of ids.slice(2, 6)) {
      const statuses = [first, second].map((answer) => answer.body.items.find((item: { wishId: string }) => item.wishId === id).status).sort();
      expect(statuses).toEqual(['claimed', 'conflict']);
    }
  });

  it('never overspends the budget under simultaneous funding', async () => {
    const campaign = await world.campaign({ budgetFen: 100_000 });
    const ids = await openWishes(campaign.id, 6, 30_000);
    const answers = await Promise.all(ids.map((id) => world.bearer(world.staff.siming, 'POST', `/v1/wishes/${id}/fund`)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(3);
    const after = await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`);
    expect(after.body.spentFen).toBe(90_000);
  });

  it('takes exactly 10 of 30 simultaneous submissions against a quota of 10', async () => {
    const campaign = await world.campaign({ quota: 10 });
    const workers = await members(30);
    const answers = await Promise.all(workers.map((worker) => world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody())));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(20);
    // The quota's own count answers at once and exactly; the counts per status follow by event.
    const full = await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`);
    expect(full.body).toMatchObject({ quota: 10, quotaTaken: 10 });
    const rejected = answers.find((answer) => answer.status === 201)!.body.id as string;
    expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${rejected}/reject`, { reason: '不符合活动范围' })).status).toBe(200);
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`)).body.quotaTaken).toBe(9);
    const counted = await eventually(async () => {
      const response = await world.bearer(world.staff.siming, 'GET', `/v1/campaigns/${campaign.id}`);
      return response.body.counts.rejected === 1 ? response : undefined;
    });
    expect(counted.body.counts).toMatchObject({ pending_review: 9, rejected: 1 });
  });
});

describe('claim limits and expiry', () => {
  it('holds a donor to its limit, which the province admin sets', async () => {
    const campaign = await world.campaign();
    const ids = await openWishes(campaign.id, 3);
    const donor = await world.donor('限额公司');
    const limit = await world.bearer(world.admin, 'PUT', `/v1/donors/${donor.id}/claim-limit`, { limit: 2 });
    expect(limit.body).toEqual({ accountId: donor.id, limit: 2, open: 0 });
    expect((await world.bearer(world.staff.siming, 'PUT', `/v1/donors/${donor.id}/claim-limit`, { limit: 50 })).status).toBe(403);
    const bulk = await world.keyed(donor.apiKey, 'POST', '/v1/wishes/claims', { wishIds: ids });
    expect(bulk.body.items.map((item: { status: string }) => item.status).sort()).toEqual(['claimed', 'claimed', 'conflict']);
    // Delivering one frees a slot.
    const held = bulk.body.items.find((item: { status: string }) => item.status === 'claimed').wishId;
    await world.keyed(donor.apiKey, 'POST', `/v1/wishes/${held}/deliver`, { note: '送到工会', to: 'org' });
    const last = bulk.body.items.find((item: { status: string }) => item.status === 'conflict').wishId;
    expect((await world.keyed(donor.apiKey, 'POST', `/v1/wishes/${last}/claim`)).status).toBe(200);
  });

  it('returns a donor claim not delivered within the hold to the pool, and leaves union claims alone', async () => {
    const campaign = await world.campaign({ claimHoldDays: 3 });
    const [donorWish, unionWish] = await openWishes(campaign.id, 2);
    const donor = await world.donor('过期公司');
    await world.keyed(donor.apiKey, 'POST', `/v1/wishes/${donorWish}/claim`);
    await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${unionWish}/fund`);
    // A day before the hold ends, the donor is reminded, once.
    expect(await province.runSchedule('wishClaimsExpiry', new Date(Date.now() + 2 * 86_400_000))).toEqual({ expired: 0, reminded: 1 });
    expect(await province.runSchedule('wishClaimsExpiry', new Date(Date.now() + 4 * 86_400_000))).toEqual({ expired: 1, reminded: 0 });
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/wishes/${donorWish}`)).body.status).toBe('open');
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/wishes/${unionWish}`)).body.status).toBe('claimed');
    expect((await world.keyed(donor.apiKey, 'GET', '/v1/donors/me/gifts')).body.claims.open).toBe(0);
    // A year later (other tests' claims expire too), the union-funded wish is still held.
    await province.runSchedule('wishClaimsExpiry', new Date(Date.now() + 400 * 86_400_000));
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/wishes/${unionWish}`)).body.status).toBe('claimed');
  });
});

describe('erasure', () => {
  it('withdraws the wishes of an erased worker and drops every link to them', async () => {
    const campaign = await world.campaign();
    const worker = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
    const submitted = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody());
    await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${submitted.body.id}/approve`);
    expect((await world.bearer(worker.token, 'POST', '/v1/memberships/me/erasure')).status).toBe(202);
    await eventually(async () => {
      const wish = await world.bearer(world.staff.siming, 'GET', `/v1/wishes/${submitted.body.id}`);
      return wish.body.status === 'withdrawn' ? wish : undefined;
    });
    const own = await eventually(async () => {
      const mine = await world.bearer(worker.token, 'GET', '/v1/wishes/me');
      return mine.body.items.length === 0 ? mine : undefined;
    });
    expect(own.body.items).toEqual([]);
    expect((await world.bearer(worker.token, 'GET', `/v1/wishes/${submitted.body.id}`)).status).toBe(404);
    // The inbox goes last in the erasure, a moment after the wishes.
    const inbox = await eventually(async () => {
      const notes = await world.bearer(worker.token, 'GET', '/v1/notifications/me');
      return notes.body.items.length === 0 ? notes : undefined;
    });
    expect(inbox.body.items).toEqual([]);
  });
});
