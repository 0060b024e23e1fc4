import { describe, expect, it, vi } from 'vitest';
import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import type { Wish } from '../../../functions/wishes/domain/wish.js';
import { claimWishes } from '../../../functions/wishes/use-cases/claim-wishes.js';
import { createCampaign } from '../../../functions/wishes/use-cases/create-campaign.js';
import { expireClaims } from '../../../functions/wishes/use-cases/expire-claims.js';
import { givingRecord } from '../../../functions/wishes/use-cases/giving-record.js';
import { listCampaigns } from '../../../functions/wishes/use-cases/list-campaigns.js';
import { listPool } from '../../../functions/wishes/use-cases/list-pool.js';
import { projectMembership, eraseWorker } from '../../../functions/wishes/use-cases/members.js';
import type { WishPorts } from '../../../functions/wishes/use-cases/ports.js';
import { submitWish } from '../../../functions/wishes/use-cases/submit-wish.js';
import { approveWish, claimWish, deliverWish } from '../../../functions/wishes/use-cases/transitions.js';
import { memoryWishes } from '../../helpers/memory-wishes.js';
import { campaign, donorA, donorB, donorClaimed, member, NOW, provinceAdmin, staff, staffCaller, unionClaimed, wish } from './fixtures.js';

const newWish = { title: '电饭煲', category: 'appliance' as const, description: '想要一个电饭煲', valueFen: 30_000 };

/** In-memory ports at a clock tests move, with no patience: a read-model miss is answered at once. */
function memoryPorts(options: { defaultClaimLimit?: number } = {}) {
  const store = memoryWishes(options);
  let now = NOW;
  let n = 0;
  const counted: [string, number][] = [];
  const ports: WishPorts = {
    wishes: store.repository,
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${++n}` },
    province: '35',
    metrics: { count: (metric, value = 1) => void counted.push([metric, value]) },
    patience: { pausesMs: [] },
  };
  store.campaigns.set('cmp_1', { ...campaign(), taken: 0 });
  return { ports, store, counted, setNow: (at: Date) => (now = at) };
}

const seedWish = (store: ReturnType<typeof memoryWishes>, ...wishes: Wish[]) => {
  for (const stored of wishes) store.wishes.set(stored.id, stored);
};

describe('submitWish()', () => {
  it('waits for the review with the member\'s region and occupation, taking a quota slot and the member\'s turn', async () => {
    const { ports, store } = memoryPorts();
    store.members.set('worker:w1', member({ regionCode: '350206', occupation: 'food_delivery' }));
    const submitted = await submitWish('cmp_1', newWish, 'worker:w1', ports);
    expect(submitted).toMatchObject({ id: 'wish_1', status: 'pending_review', regionCode: '350206', occupation: 'food_delivery', workerId: 'worker:w1', version: 0 });
    expect(store.campaigns.get('cmp_1')!.taken).toBe(1);
    expect(store.events.map((event) => event.type)).toEqual(['WishSubmitted']);
    await expect(submitWish('cmp_1', newWish, 'worker:w1', ports)).rejects.toMatchObject({ status: 409 });
  });

  it('refuses a worker the read model does not know as active with 403, after re-reading as patience allows', async () => {
    const { ports, store } = memoryPorts();
    const sleep = vi.fn(async () => undefined);
    store.members.set('worker:w1', member({ status: 'pending' }));
    await expect(submitWish('cmp_1', newWish, 'worker:w1', { ...ports, patience: { pausesMs: [1, 2], sleep } })).rejects.toMatchObject({ status: 403 });
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(store.wishes.size).toBe(0);
  });

  it('answers 404 for a campaign there is not', async () => {
    const { ports } = memoryPorts();
    await expect(submitWish('cmp_none', newWish, 'worker:w1', ports)).rejects.toMatchObject({ status: 404 });
  });

  it('stops at the quota', async () => {
    const { ports, store } = memoryPorts();
    store.campaigns.set('cmp_1', { ...campaign({ quota: 1 }), taken: 0 });
    for (const id of ['worker:w1', 'worker:w2']) store.members.set(id, member({ workerId: id }));
    await submitWish('cmp_1', newWish, 'worker:w1', ports);
    await expect(submitWish('cmp_1', newWish, 'worker:w2', ports)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('quota') });
  });
});

describe('changeWish() through its transitions', () => {
  it('reads again and decides again when another request changed the wish meanwhile', async () => {
    const { ports, store } = memoryPorts();
    seedWish(store, wish({ status: 'pending_review' }));
    const commit = store.repository.commit;
    let raced = false;
    const racing: WishPorts['wishes'] = {
      ...store.repository,
      async commit(change) {
        if (!raced) {
          raced = true;
          // Another staff member approved it first.
          await commit({ ...change });
          throw new ConcurrentChangeError();
        }
        return commit(change);
      },
    };
    await expect(approveWish('wish_1', staff, { ...ports, wishes: racing })).rejects.toMatchObject({ status: 409 });
    expect(store.wishes.get('wish_1')).toMatchObject({ status: 'open', version: 2 });
  });

  it('hides a wish the actor may not see as not found', async () => {
    const { ports, store } = memoryPorts();
    seedWish(store, wish({ status: 'pending_review' }));
    await expect(claimWish('wish_1', donorA, ports)).rejects.toMatchObject({ status: 404 });
    await expect(claimWish('wish_none', donorA, ports)).rejects.toMatchObject({ status: 404 });
  });

  it('delivers only to one of the campaign\'s stations, and needs the campaign', async () => {
    const { ports, store } = memoryPorts();
    seedWish(store, donorClaimed('acc_a'), donorClaimed('acc_a', { id: 'wish_2', campaignId: 'cmp_gone' }));
    store.donors.set('acc_a', { open: 2 });
    await expect(deliverWish('wish_2', { to: 'org', note: '送达' }, donorA, ports)).rejects.toMatchObject({ status: 404 });
    const delivered = await deliverWish('wish_1', { to: 'station', station: '莲前驿站', note: '前台' }, donorA, ports);
    expect(delivered).toMatchObject({ status: 'delivered', delivery: { to: 'station', station: { name: '莲前驿站', address: '莲前西路 100 号' } } });
    expect(store.donors.get('acc_a')!.open).toBe(1);
  });
});

describe('claimWishes()', () => {
  it('answers each wish once and in order: claimed, conflict or not found, one taken wish spoiling nothing', async () => {
    const { ports, store, counted } = memoryPorts();
    seedWish(store, wish({ id: 'w_open' }), donorClaimed('acc_b', { id: 'w_taken' }), wish({ id: 'w_review', status: 'pending_review' }), wish({ id: 'w_more' }));
    const outcomes = await claimWishes(['w_open', 'w_taken', 'w_review', 'w_open', 'w_more', 'w_none'], donorA, ports);
    expect(outcomes).toEqual([
      { wishId: 'w_open', status: 'claimed', claimExpiresAt: '2026-12-09T00:00:00.000Z' },
      { wishId: 'w_taken', status: 'conflict', reason: expect.stringContaining('not open') },
      { wishId: 'w_review', status: 'not_found' },
      { wishId: 'w_more', status: 'claimed', claimExpiresAt: '2026-12-09T00:00:00.000Z' },
      { wishId: 'w_none', status: 'not_found' },
    ]);
    expect(store.donors.get('acc_a')!.open).toBe(2);
    // One count for the request, of the wishes it claimed.
    expect(counted).toEqual([['WishClaimed', 2]]);
  });

  it('stops claiming at the donor\'s limit, answering the rest as conflicts', async () => {
    const { ports, store } = memoryPorts({ defaultClaimLimit: 2 });
    const ids = ['w1', 'w2', 'w3', 'w4'];
    seedWish(store, ...ids.map((id) => wish({ id })));
    const outcomes = await claimWishes(ids, donorB, ports);
    expect(outcomes.filter((outcome) => outcome.status === 'claimed')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome.status === 'conflict')).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('undelivered claims') }),
      expect.objectContaining({ reason: expect.stringContaining('undelivered claims') }),
    ]);
  });

  it('fails the request on anything but a refusal, keeping what it claimed', async () => {
    const { ports, store } = memoryPorts();
    seedWish(store, wish({ id: 'w1' }));
    const broken = { ...ports, wishes: { ...store.repository, getWish: () => Promise.reject(new Error('DynamoDB is down')) } };
    await expect(claimWishes(['w1'], donorA, broken)).rejects.toThrow('DynamoDB is down');
  });
});

describe('expireClaims()', () => {
  it('returns due donor claims to the pool and leaves the rest', async () => {
    const { ports, store } = memoryPorts();
    seedWish(
      store,
      donorClaimed('acc_a', { id: 'w_due' }),
      donorClaimed('acc_a', { id: 'w_later', claim: { kind: 'donor', donorId: 'acc_a', donorName: '甲公司', claimedAt: '2026-12-01T00:00:00.000Z', expiresAt: '2026-12-15T00:00:00.000Z' } }),
      unionClaimed({ id: 'w_union' }),
    );
    store.donors.set('acc_a', { open: 2 });
    expect(await expireClaims(new Date('2026-12-06T00:00:00.000Z'), ports)).toEqual({ expired: 1, reminded: 0 });
    expect(store.wishes.get('w_due')).toMatchObject({ status: 'open', claim: undefined });
    expect(store.wishes.get('w_later')!.status).toBe('claimed');
    expect(store.wishes.get('w_union')!.status).toBe('claimed');
    expect(store.donors.get('acc_a')!.open).toBe(1);
    expect(store.events.at(-1)).toMatchObject({ type: 'WishExpired', occurredAt: '2026-12-06T00:00:00.000Z', data: { donorId: 'acc_a' } });
  });

  it('skips a claim delivered between the query and the change', async () => {
    const { ports, store } = memoryPorts();
    seedWish(store, donorClaimed('acc_a', { id: 'w_due' }));
    const delivered = { ...ports.wishes, dueClaims: async () => ['w_due'], getWish: async () => donorClaimed('acc_a', { id: 'w_due', status: 'delivered' }) };
    expect(await expireClaims(new Date('2026-12-06T00:00:00.000Z'), { ...ports, wishes: delivered })).toEqual({ expired: 0, reminded: 0 });
  });

  it('reminds the donor once per claim, a day before its hold ends, and a new claim again', async () => {
    const { ports, store } = memoryPorts();
    const held = (claimedAt: string, expiresAt: string) => ({ kind: 'donor' as const, donorId: 'acc_a', donorName: '甲公司', claimedAt, expiresAt });
    seedWish(store, donorClaimed('acc_a', { id: 'w_soon', claim: held('2026-12-01T00:00:00.000Z', '2026-12-15T00:00:00.000Z') }));
    expect(await expireClaims(new Date('2026-12-13T23:59:59.999Z'), ports)).toEqual({ expired: 0, reminded: 0 });
    expect(await expireClaims(new Date('2026-12-14T00:00:00.000Z'), ports)).toEqual({ expired: 0, reminded: 1 });
    expect(store.events.at(-1)).toMatchObject({
      type: 'WishClaimExpiring',
      data: { wishId: 'w_soon', donorId: 'acc_a', claimedAt: '2026-12-01T00:00:00.000Z', claimExpiresAt: '2026-12-15T00:00:00.000Z' },
    });
    expect(store.wishes.get('w_soon')).toMatchObject({ status: 'claimed', claim: { remindedAt: '2026-12-14T00:00:00.000Z' } });
    expect(await expireClaims(new Date('2026-12-14T12:00:00.000Z'), ports)).toEqual({ expired: 0, reminded: 0 });
    // Released and claimed again: the new claim gets its own reminder.
    store.wishes.set('w_soon', { ...store.wishes.get('w_soon')!, claim: held('2026-12-14T13:00:00.000Z', '2026-12-28T13:00:00.000Z') });
    expect(await expireClaims(new Date('2026-12-27T13:00:00.000Z'), ports)).toEqual({ expired: 0, reminded: 1 });
  });
});

describe('projectMembership()', () => {
  const change = (status: 'active' | 'left' | 'erased', workerId: string | null = 'worker:w1'): MembershipStatusChangedV1Data => ({
    membershipId: 'm_1',
    ...(workerId ? { workerId } : {}),
    occupation: 'courier',
    regionCode: '350203',
    platforms: [],
    joinSource: 'org',
    from: { status: 'active', orgId: 'org_siming', ancestors: ['org_root', 'org_xiamen'] },
    to: { status, orgId: 'org_siming', ancestors: ['org_root', 'org_xiamen'] },
  });

  it('keeps the member, and withdraws the live wishes of one who left, giving back their claims', async () => {
    const { ports, store } = memoryPorts();
    await projectMembership(change('active'), '2026-11-20T00:00:00.000Z', ports);
    expect(store.members.get('worker:w1')).toMatchObject({ status: 'active', orgId: 'org_siming', regionCode: '350203' });
    seedWish(store, donorClaimed('acc_a', { id: 'w_claimed' }), wish({ id: 'w_done', status: 'fulfilled' }), wish({ id: 'w_other', workerId: 'worker:w2' }));
    store.donors.set('acc_a', { open: 1 });
    await projectMembership(change('left'), '2026-11-26T00:00:00.000Z', ports);
    expect(store.wishes.get('w_claimed')).toMatchObject({ status: 'withdrawn', withdrawnAt: NOW.toISOString() });
    expect(store.wishes.get('w_done')!.status).toBe('fulfilled');
    expect(store.wishes.get('w_other')!.status).toBe('open');
    expect(store.donors.get('acc_a')!.open).toBe(0);
  });

  it('ignores an older event than the one it kept', async () => {
    const { ports, store } = memoryPorts();
    store.members.set('worker:w1', member({ changedAt: '2026-11-26T00:00:00.000Z' }));
    seedWish(store, wish());
    await projectMembership(change('left'), '2026-11-25T00:00:00.000Z', ports);
    expect(store.members.get('worker:w1')!.status).toBe('active');
    expect(store.wishes.get('wish_1')!.status).toBe('open');
  });

  it('forgets an erased worker: wishes withdrawn and unlinked, the guard gone', async () => {
    const { ports, store } = memoryPorts();
    seedWish(store, wish());
    store.guards.add('cmp_1#worker:w1');
    const dropNotifications = vi.spyOn(store.repository, 'dropNotifications');
    await projectMembership(change('erased'), '2026-11-26T00:00:00.000Z', ports);
    expect(store.wishes.get('wish_1')).toMatchObject({ status: 'withdrawn' });
    expect(store.wishes.get('wish_1')!.workerId).toBeUndefined();
    expect(store.guards.size).toBe(0);
    expect(dropNotifications).toHaveBeenCalledWith('worker:w1');
  });

  it("turns the erased worker's membership copy into a tombstone on WorkerErased, which no older event revives", async () => {
    const { ports, store } = memoryPorts();
    await projectMembership(change('active'), '2026-11-20T00:00:00.000Z', ports);
    await eraseWorker('worker:w1', '2026-11-26T00:00:00.000Z', ports);
    expect(store.members.get('worker:w1')).toMatchObject({ status: 'erased', orgId: '' });
    await projectMembership(change('active'), '2026-11-21T00:00:00.000Z', ports);
    expect(store.members.get('worker:w1')!.status).toBe('erased');
  });

  it('does nothing without a worker id (events from before it was carried)', async () => {
    const { ports, store } = memoryPorts();
    await projectMembership(change('active', null), '2026-11-20T00:00:00.000Z', ports);
    expect(store.members.size).toBe(0);
  });
});

describe('listPool()', () => {
  const pool = () => {
    const calls: unknown[] = [];
    return { calls, wishes: { pool: async (filter: unknown) => (calls.push(filter), { items: [], nextCursor: null }) } };
  };

  it('refuses donors statuses staff have not approved', () => {
    const ports = pool();
    expect(() => listPool({ status: 'pending_review', limit: 20 }, { role: 'donor', principalId: 'donor:acc_a', accountId: 'acc_a', name: '甲公司' }, ports)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(ports.calls).toEqual([]);
  });

  it('turns a region code into its prefix and keeps org staff to their subtree', async () => {
    const ports = pool();
    await listPool({ status: 'open', limit: 20, regionCode: '350200', category: 'health', maxValueFen: 10_000, campaignId: 'cmp_1' }, staffCaller, ports);
    await listPool({ status: 'pending_review', limit: 20, regionCode: '350203' }, provinceAdmin, ports);
    await listPool({ status: 'open', limit: 20, regionCode: '35' }, provinceAdmin, ports);
    expect(ports.calls).toEqual([
      { status: 'open', campaignId: 'cmp_1', category: 'health', maxValueFen: 10_000, regionPrefix: '3502', scopeOrgId: 'org_siming' },
      { status: 'pending_review', regionPrefix: '350203' },
      { status: 'open', regionPrefix: '35' },
    ]);
  });
});

describe('givingRecord()', () => {
  it('totals what the donor delivered, whatever page it asked for', async () => {
    const claimed = (id: string, status: Wish['status'], valueFen: number) => donorClaimed('acc_a', { id, status, valueFen });
    const all = [claimed('w1', 'fulfilled', 30_000), claimed('w2', 'delivered', 20_000), claimed('w3', 'claimed', 10_000), claimed('w4', 'withdrawn', 5_000)];
    const record = await givingRecord('acc_a', { limit: 1 }, {
      wishes: {
        donorWishes: async () => ({ items: all.slice(0, 1), nextCursor: 'next' }),
        allDonorWishes: async () => all,
        getDonor: async () => ({ claimsOpen: 1 }),
      },
    });
    expect(record.totals).toEqual({ count: 2, valueFen: 50_000 });
    expect(record.page.items.map((item) => item.id)).toEqual(['w1']);
    expect(record.claims).toEqual({ claimsOpen: 1 });
  });
});

describe('campaigns', () => {
  it('creates a campaign for an org the service knows, and 404 for one it does not', async () => {
    const { ports, store } = memoryPorts();
    store.orgs.set('org_siming', { id: 'org_siming', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203' });
    const input = { orgId: 'org_siming', title: '冬日微心愿', opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-31T00:00:00.000Z', budgetFen: 100_000, quota: 20, maxValueFen: 50_000 };
    const created = await createCampaign(input, staffCaller, ports);
    expect(created).toMatchObject({ id: 'cmp_1', orgId: 'org_siming', ancestors: ['org_root', 'org_xiamen'], spentFen: 0, claimHoldDays: 14 });
    await expect(createCampaign({ ...input, orgId: 'org_unknown' }, provinceAdmin, ports)).rejects.toMatchObject({ status: 404 });
  });

  it('lists an org\'s campaigns by phase as filters on the dates now, and hides orgs outside staff\'s subtree', async () => {
    const filters: unknown[] = [];
    const ports = {
      clock: { now: () => NOW },
      wishes: {
        getOrg: async (id: string) => ({ id, ancestors: ['org_root', 'org_xiamen'], regionCode: '350203' }),
        listCampaigns: async (_orgId: string, filter: unknown) => (filters.push(filter), { items: [], nextCursor: null }),
      },
    };
    const now = NOW.toISOString();
    for (const status of ['upcoming', 'open', 'closed', undefined] as const) await listCampaigns({ orgId: 'org_siming', limit: 20, ...(status ? { status } : {}) }, staffCaller, ports);
    expect(filters).toEqual([{ opensAfter: now }, { opensBy: now, closesAfter: now }, { closesBy: now }, {}]);
    await expect(listCampaigns({ orgId: 'org_huli', limit: 20 }, staffCaller, ports)).rejects.toMatchObject({ status: 404 });
    await listCampaigns({ orgId: 'org_huli', limit: 20 }, { role: 'worker', principalId: 'worker:w1', sub: 'w1' }, ports);
    expect(filters).toHaveLength(5);
  });
});
