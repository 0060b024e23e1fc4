import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../events/envelope.js';
import type { WishTransition } from '../../../events/wish-transition.js';
import { notificationFor, notificationId } from '../../../functions/wishes/domain/notification.js';
import { campaignReport, reportRows } from '../../../functions/wishes/domain/report.js';
import type { Wish } from '../../../functions/wishes/domain/wish.js';
import { actorOf, donorActor } from '../../../functions/wishes/use-cases/ports.js';
import { projectWishEvent } from '../../../functions/wishes/use-cases/project-wish-event.js';
import { getCampaign, getWish, reportCampaign } from '../../../functions/wishes/use-cases/queries.js';
import { countFair, countFulfilledWish, countMembership, recordOrg } from '../../../functions/stats/use-cases/project-org-events.js';
import { campaign, donorClaimed, provinceAdmin, staffCaller, unionClaimed, wish } from './fixtures.js';

const donorWish = (id: string, donorId: string, name: string, status: Wish['status'], valueFen: number, days?: number) =>
  donorClaimed(donorId, {
    id,
    status,
    valueFen,
    claim: { kind: 'donor', donorId, donorName: name, claimedAt: '2026-11-22T00:00:00.000Z', expiresAt: '2026-12-06T00:00:00.000Z' },
    ...(days === undefined ? {} : { openedAt: '2026-11-21T00:00:00.000Z', fulfilledAt: new Date(Date.parse('2026-11-21T00:00:00.000Z') + days * 86_400_000).toISOString() }),
  });

describe('campaignReport()', () => {
  const wishes: Wish[] = [
    donorWish('w1', 'acc_a', '甲公司', 'fulfilled', 30_000, 2),
    donorWish('w2', 'acc_a', '甲公司', 'delivered', 20_000),
    donorWish('w3', 'acc_b', '乙公司', 'fulfilled', 50_000, 5),
    donorWish('w4', 'acc_c', '丙公司', 'withdrawn', 40_000),
    unionClaimed({ id: 'w5', status: 'fulfilled', valueFen: 10_000, category: 'education', openedAt: '2026-11-21T00:00:00.000Z', fulfilledAt: '2026-11-25T12:00:00.000Z' }),
    unionClaimed({ id: 'w6', status: 'claimed', valueFen: 5_000, category: 'education' }),
    wish({ id: 'w7', status: 'open', category: 'health' }),
    wish({ id: 'w8', status: 'rejected', category: 'health', claim: undefined }),
  ];
  const report = campaignReport(campaign({ spentFen: 15_000 }), wishes);

  it('counts wishes by status and by category, categories in their documented order', () => {
    expect(report).toMatchObject({ campaignId: 'cmp_1', title: '暖心微心愿', orgId: 'org_siming', budgetFen: 100_000, spentFen: 15_000 });
    expect(report.byStatus).toEqual({ pending_review: 0, open: 1, claimed: 1, delivered: 1, fulfilled: 3, rejected: 1, withdrawn: 1 });
    expect(report.byCategory.map(({ category, total }) => [category, total])).toEqual([['appliance', 4], ['education', 2], ['health', 2]]);
    expect(report.byCategory[1]!.byStatus).toMatchObject({ fulfilled: 1, claimed: 1, open: 0 });
  });

  it('splits value between donors and the union, counting only claims still held', () => {
    expect(report.value).toEqual({ adoptedByDonorsFen: 100_000, fundedByUnionFen: 15_000, fulfilledFen: 90_000 });
  });

  it('totals each donor, largest giver first, ties by id', () => {
    expect(report.donors).toEqual([
      { donorId: 'acc_a', name: '甲公司', wishes: 2, valueFen: 50_000, delivered: 1, fulfilled: 1 },
      { donorId: 'acc_b', name: '乙公司', wishes: 1, valueFen: 50_000, delivered: 0, fulfilled: 1 },
    ]);
  });

  it('measures days from the pool to fulfilment: average, median and longest', () => {
    expect(report.daysToFulfil).toEqual({ count: 3, averageDays: 3.8, medianDays: 4.5, maxDays: 5 });
    const even = campaignReport(campaign(), [donorWish('a', 'acc_a', '甲', 'fulfilled', 1, 1), donorWish('b', 'acc_a', '甲', 'fulfilled', 1, 4)]);
    expect(even.daysToFulfil).toEqual({ count: 2, averageDays: 2.5, medianDays: 2.5, maxDays: 4 });
    expect(campaignReport(campaign(), []).daysToFulfil).toEqual({ count: 0, averageDays: null, medianDays: null, maxDays: null });
  });

  it('flattens into CSV rows with a section column', () => {
    const { header, rows } = reportRows(report);
    expect(header).toEqual(['section', 'name', 'status', 'count', 'value']);
    expect(rows.filter((row) => row[0] === 'status')).toHaveLength(7);
    expect(rows).toContainEqual(['status', 'fulfilled', 'fulfilled', 3, null]);
    expect(rows.filter((row) => row[0] === 'category' && row[1] === 'health')).toEqual([
      ['category', 'health', 'open', 1, null],
      ['category', 'health', 'rejected', 1, null],
    ]);
    expect(rows).toContainEqual(['value', 'adopted_by_donors', null, null, 100_000]);
    expect(rows).toContainEqual(['value', 'funded_by_union', null, null, 15_000]);
    expect(rows).toContainEqual(['value', 'fulfilled', null, null, 90_000]);
    expect(rows).toContainEqual(['donor', '甲公司', null, 2, 50_000]);
    expect(rows.slice(-2)).toEqual([
      ['days_to_fulfil', 'average', null, 3, 3.8],
      ['days_to_fulfil', 'median', null, 3, 4.5],
    ]);
  });
});

describe('notificationFor()', () => {
  const event = (type: string): Envelope<WishTransition> => ({
    id: 'abcd-ef01-2345-6789',
    type,
    version: 1,
    occurredAt: '2026-11-25T08:30:00.123Z',
    province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'org_siming', ancestors: [], category: 'appliance', valueFen: 30_000, from: 'open', to: 'claimed' },
  });

  it('tells the worker each move others made, naming no donor', () => {
    const texts = Object.fromEntries(
      ['WishOpened', 'WishClaimed', 'WishReleased', 'WishExpired'].map((type) => [type, notificationFor(event(type), wish())!.text]),
    );
    expect(texts).toEqual({
      WishOpened: '您的微心愿「电饭煲」已通过审核，进入心愿池等待认领。',
      WishClaimed: '您的微心愿「电饭煲」已被爱心企业认领。',
      WishReleased: '您的微心愿「电饭煲」已回到心愿池，等待新的认领。',
      WishExpired: '您的微心愿「电饭煲」的认领已过期，已回到心愿池。',
    });
    expect(notificationFor(event('WishRejected'), wish({ rejectionReason: '请提交生活必需品' }))!.text).toBe('您的微心愿「电饭煲」未通过审核：请提交生活必需品');
    expect(notificationFor(event('WishRejected'), wish())!.text).toBe('您的微心愿「电饭煲」未通过审核：');
    expect(notificationFor(event('WishFunded'), wish({ valueFen: 30_050 }))!.text).toBe('您的微心愿「电饭煲」由工会出资 300.50 元实现。');
  });

  it('says where a gift waits: the station with its address, or the union', () => {
    const atStation = wish({ delivery: { to: 'station', station: { name: '莲前驿站', address: '莲前西路 100 号' }, note: 'n', deliveredAt: 'x' } });
    expect(notificationFor(event('WishDelivered'), atStation)!.text).toBe('您的微心愿「电饭煲」的礼物已送到莲前驿站（莲前西路 100 号），请前往领取。');
    const atUnion = wish({ delivery: { to: 'org', note: 'n', deliveredAt: 'x' } });
    expect(notificationFor(event('WishDelivered'), atUnion)!.text).toBe('您的微心愿「电饭煲」的礼物已送到工会，工会将联系您领取。');
  });

  it('is silent about the worker\'s own moves, and ids sort by time and differ per event', () => {
    for (const type of ['WishSubmitted', 'WishFulfilled', 'WishWithdrawn']) expect(notificationFor(event(type), wish())).toBeUndefined();
    expect(notificationFor(event('WishOpened'), wish())).toEqual({
      id: 'ntf_20261125T083000123Z_abcdef012345',
      type: 'WishOpened',
      text: expect.any(String),
      wishId: 'wish_1',
      createdAt: '2026-11-25T08:30:00.123Z',
      read: false,
    });
    expect(notificationId({ ...event('WishOpened'), id: 'ffff-0000-1111-2222' })).toBe('ntf_20261125T083000123Z_ffff00001111');
  });
});

describe('projectWishEvent()', () => {
  const moved: Envelope<WishTransition> = {
    id: 'e1', type: 'WishClaimed', version: 1, occurredAt: '2026-11-25T08:30:00.000Z', province: '35',
    data: { wishId: 'wish_1', campaignId: 'cmp_1', orgId: 'org_siming', ancestors: [], category: 'appliance', valueFen: 30_000, from: 'open', to: 'claimed' },
  };

  it('counts the move once per event and tells the wish\'s worker', async () => {
    const ports = { wishes: { countTransition: vi.fn(async () => true), getWish: vi.fn(async () => wish()), notify: vi.fn(async () => undefined) } };
    await projectWishEvent(moved, ports);
    expect(ports.wishes.countTransition).toHaveBeenCalledWith('e1', moved.data);
    expect(ports.wishes.notify).toHaveBeenCalledWith(expect.objectContaining({ id: 'wish_1', workerId: 'worker:w1' }), expect.objectContaining({ type: 'WishClaimed', wishId: 'wish_1' }));
  });

  it('tells nobody of an unlinked wish or of a move the worker made', async () => {
    const ports = { wishes: { countTransition: vi.fn(async () => true), getWish: vi.fn(async () => wish({ workerId: undefined })), notify: vi.fn(async () => undefined) } };
    await projectWishEvent(moved, ports);
    await projectWishEvent({ ...moved, type: 'WishSubmitted' }, { wishes: { ...ports.wishes, getWish: async () => wish() } });
    expect(ports.wishes.notify).not.toHaveBeenCalled();
    expect(ports.wishes.countTransition).toHaveBeenCalledTimes(2);
  });
});

describe('callers as actors, and the queries', () => {
  it('maps each role a wishes route admits, and refuses any other', () => {
    expect(actorOf(staffCaller)).toEqual({ kind: 'staff', caller: staffCaller });
    expect(actorOf(provinceAdmin)).toEqual({ kind: 'staff', caller: provinceAdmin });
    expect(actorOf({ role: 'worker', principalId: 'worker:w1', sub: 'w1' })).toEqual({ kind: 'worker', workerId: 'worker:w1' });
    const donor = { role: 'donor' as const, principalId: 'account:acc_a', accountId: 'acc_a', name: '甲公司' };
    expect(actorOf(donor)).toEqual({ kind: 'donor', donorId: 'acc_a', name: '甲公司' });
    expect(donorActor(donor)).toEqual({ kind: 'donor', donorId: 'acc_a', name: '甲公司' });
    expect(() => actorOf({ role: 'partner', principalId: 'account:acc_p', accountId: 'acc_p', name: 'p' })).toThrow('A partner reached a wishes route');
  });

  it('finds what the caller may see, and 404 for the rest', async () => {
    const ports = { wishes: { getWish: async () => wish({ status: 'pending_review' }), getCampaign: async () => campaign(), campaignWishes: async () => [wish()] } };
    await expect(getWish('wish_1', { kind: 'donor', donorId: 'acc_a', name: '甲' }, ports)).rejects.toMatchObject({ status: 404 });
    expect((await getWish('wish_1', { kind: 'staff', caller: staffCaller }, ports)).id).toBe('wish_1');
    expect((await getCampaign('cmp_1', { role: 'worker', principalId: 'worker:w', sub: 'w' }, ports)).id).toBe('cmp_1');
    const huli = { role: 'org_admin' as const, principalId: 'org_admin:h', sub: 'h', orgId: 'org_huli' };
    await expect(getCampaign('cmp_1', huli, ports)).rejects.toMatchObject({ status: 404 });
    await expect(reportCampaign('cmp_1', huli, ports)).rejects.toMatchObject({ status: 404 });
    expect((await reportCampaign('cmp_1', staffCaller, ports)).report.byStatus.open).toBe(1);
  });
});

describe('stats projections of org events', () => {
  it('adds each event\'s deltas on the org and its ancestors, once per event', async () => {
    const applied: unknown[] = [];
    const ports = { stats: { addOrg: vi.fn(async () => true), applyDeltas: vi.fn(async (deltas: unknown) => (applied.push(deltas), true)) } };
    const event = { id: 'e1' } as Envelope;
    await recordOrg({ orgId: 'o', name: 'n', kind: 'federation', parentId: null, ancestors: [], regionCode: '350200' } as never, event, ports);
    expect(ports.stats.addOrg).toHaveBeenCalledWith(expect.objectContaining({ orgId: 'o' }), event);
    await countFair('fairs', { orgId: 'o', ancestors: ['r'], startsAt: '2026-06-01T00:00:00.000Z' }, event, ports);
    await countFulfilledWish({ ...moved(), claimKind: 'donor', fulfilledAt: '2026-06-01T00:00:00.000Z', thanked: true }, event, ports);
    await countMembership(
      { membershipId: 'm', occupation: 'courier', platforms: [], joinSource: 'org', from: null, to: { status: 'pending', orgId: 'o', ancestors: [] } },
      event,
      ports,
    );
    expect(applied).toEqual([
      [{ orgId: 'o', counts: { 'fairs#2026': 1 } }, { orgId: 'r', counts: { 'fairs#2026': 1 } }],
      [{ orgId: 'o', counts: { 'wishesFulfilled#2026': 1, 'wishesFulfilledMonth#2026-06': 1, 'wishValueFen#2026': 500 } }],
      [{ orgId: 'o', counts: { pending: 1, subtreePending: 1 } }],
    ]);
  });
});

function moved() {
  return { wishId: 'w', campaignId: 'c', orgId: 'o', ancestors: [], category: 'daily' as const, valueFen: 500, from: 'delivered' as const, to: 'fulfilled' as const };
}
