import { describe, expect, it } from 'vitest';
import {
  approve,
  canSee,
  claim,
  confirm,
  deliver,
  expire,
  fund,
  isActiveIn,
  reject,
  release,
  submit,
  visibleWish,
  withdraw,
} from '../../../functions/wishes/domain/wish.js';
import { campaignPhase, planCampaign, staffCampaign, visibleCampaign } from '../../../functions/wishes/domain/campaign.js';
import { context, campaign, donorA, donorB, donorClaimed, member, NOW, otherStaff, otherWorker, provinceAdmin, staff, staffCaller, unionClaimed, wish, worker } from './fixtures.js';

const newWish = { title: '电饭煲', category: 'appliance' as const, description: '想要', valueFen: 30_000 };
const submitContext = { ...context, id: 'wish_new', workerId: 'worker:w1' };

describe('submit()', () => {
  it('creates a wish under review in the campaign org, with the member region and the quota and guard effects', () => {
    const change = submit(newWish, campaign(), member(), submitContext);
    expect(change.after).toMatchObject({ id: 'wish_new', status: 'pending_review', orgId: 'org_siming', workerId: 'worker:w1', regionCode: '350203', occupation: 'courier', claimHoldDays: 14, version: 0 });
    expect(change.effects).toEqual({ quota: 1, guard: 'put' });
    expect(change.before).toBeNull();
    expect(change.event).toMatchObject({ type: 'WishSubmitted', province: '35', data: { wishId: 'wish_new', from: null, to: 'pending_review', valueFen: 30_000 } });
    expect(JSON.stringify(change.event)).not.toContain('worker:w1');
  });

  it('takes the campaign region when the member has none', () => {
    expect(submit(newWish, campaign({ regionCode: '350206' }), member({ regionCode: undefined }), submitContext).after.regionCode).toBe('350206');
  });

  it('refuses a non-member, a pending or left member, and a member of another subtree with 403', () => {
    for (const who of [undefined, member({ status: 'pending' }), member({ status: 'left' }), member({ orgId: 'org_huli', ancestors: ['org_root', 'org_xiamen'] })]) {
      expect(() => submit(newWish, campaign(), who, submitContext)).toThrow(expect.objectContaining({ status: 403 }));
    }
  });

  it('accepts a member of an org below the campaign org', () => {
    expect(isActiveIn(member({ orgId: 'org_street', ancestors: ['org_root', 'org_xiamen', 'org_siming'] }), campaign())).toBe(true);
  });

  it('refuses a campaign not yet open or already closed with 409, but takes one opening this very moment', () => {
    expect(() => submit(newWish, campaign({ opensAt: '2026-11-26T00:00:00.000Z' }), member(), submitContext)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => submit(newWish, campaign({ closesAt: NOW.toISOString() }), member(), submitContext)).toThrow(expect.objectContaining({ status: 409 }));
    expect(submit(newWish, campaign({ opensAt: NOW.toISOString() }), member(), submitContext).after.status).toBe('pending_review');
  });

  it('refuses a value over the cap with 400 naming valueFen, and takes one at the cap', () => {
    expect(() => submit({ ...newWish, valueFen: 50_001 }, campaign(), member(), submitContext)).toThrow(
      expect.objectContaining({ status: 400, errors: [{ path: 'body.valueFen', message: expect.any(String) }] }),
    );
    expect(submit({ ...newWish, valueFen: 50_000 }, campaign(), member(), submitContext).after.valueFen).toBe(50_000);
  });
});

describe('approve() and reject()', () => {
  it('opens a wish under review', () => {
    const change = approve(wish({ status: 'pending_review', openedAt: undefined }), context);
    expect(change.after).toMatchObject({ status: 'open', openedAt: NOW.toISOString() });
    expect(change.event).toMatchObject({ type: 'WishOpened', data: { from: 'pending_review', to: 'open' } });
    expect(change.effects).toEqual({});
  });

  it('rejects with the reason, freeing the quota slot and the member turn', () => {
    const change = reject(wish({ status: 'pending_review' }), '不符合条件', context);
    expect(change.after).toMatchObject({ status: 'rejected', rejectionReason: '不符合条件' });
    expect(change.effects).toEqual({ quota: -1, guard: 'delete' });
    expect(JSON.stringify(change.event)).not.toContain('不符合条件');
  });

  it('refuses both outside review with 409', () => {
    for (const status of ['open', 'claimed', 'rejected', 'fulfilled'] as const) {
      expect(() => approve(wish({ status }), context)).toThrow(expect.objectContaining({ status: 409 }));
      expect(() => reject(wish({ status }), 'x', context)).toThrow(expect.objectContaining({ status: 409 }));
    }
  });
});

describe('claim()', () => {
  it('holds an open wish for the donor for holdDays and counts one undelivered claim', () => {
    const change = claim(wish(), donorA, NOW, 14, '35');
    expect(change.after.claim).toEqual({ kind: 'donor', donorId: 'acc_a', donorName: '甲公司', claimedAt: NOW.toISOString(), expiresAt: '2026-12-09T00:00:00.000Z' });
    expect(change.after.status).toBe('claimed');
    expect(change.effects).toEqual({ donorClaims: { donorId: 'acc_a', delta: 1 } });
    expect(change.event).toMatchObject({ type: 'WishClaimed', data: { donorId: 'acc_a', claimExpiresAt: '2026-12-09T00:00:00.000Z', from: 'open', to: 'claimed' } });
  });

  it('refuses a wish that is not open with WishNotOpenError (409)', () => {
    for (const status of ['pending_review', 'claimed', 'delivered', 'fulfilled', 'rejected', 'withdrawn'] as const) {
      expect(() => claim(wish({ status }), donorA, NOW, 14, '35')).toThrow(expect.objectContaining({ name: 'WishNotOpenError', status: 409 }));
    }
  });
});

describe('fund()', () => {
  it('gives the claim to the campaign org and spends the value', () => {
    const change = fund(wish(), context);
    expect(change.after.claim).toEqual({ kind: 'union', orgId: 'org_siming', claimedAt: NOW.toISOString() });
    expect(change.effects).toEqual({ spendFen: 30_000 });
    expect(change.event).toMatchObject({ type: 'WishFunded', data: { fundedBy: 'org_siming' } });
  });

  it('refuses a wish that is not open', () => {
    expect(() => fund(donorClaimed(), context)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('release()', () => {
  it('lets the claiming donor give the wish back, freeing its slot', () => {
    const change = release(donorClaimed(), donorA, context);
    expect(change.after.status).toBe('open');
    expect(change.after.claim).toBeUndefined();
    expect(change.effects).toEqual({ donorClaims: { donorId: 'acc_a', delta: -1 } });
    expect(change.event).toMatchObject({ type: 'WishReleased', data: { claimKind: 'donor', releasedBy: 'acc_a' } });
  });

  it('returns a union-funded value to the budget', () => {
    expect(release(unionClaimed(), staff, context).effects).toEqual({ spendFen: -30_000 });
  });

  it('refuses another donor, staff on a donor claim and a donor on a union claim with 403', () => {
    expect(() => release(donorClaimed(), donorB, context)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => release(donorClaimed(), staff, context)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => release(unionClaimed(), donorA, context)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => release(unionClaimed(), otherStaff, context)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('refuses an open wish, and a delivered one even for its claimer, with 409', () => {
    expect(() => release(wish(), donorA, context)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => release(donorClaimed('acc_a', { status: 'delivered' }), donorA, context)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('expire()', () => {
  it('returns a donor claim past its hold to the pool', () => {
    const change = expire(donorClaimed(), { ...context, now: new Date('2026-12-06T00:00:00.000Z') });
    expect(change.after).toMatchObject({ status: 'open' });
    expect(change.after.claim).toBeUndefined();
    expect(change.effects).toEqual({ donorClaims: { donorId: 'acc_a', delta: -1 } });
    expect(change.event.type).toBe('WishExpired');
  });

  it('leaves a claim within its hold, a union claim and a delivered wish alone', () => {
    expect(() => expire(donorClaimed(), { ...context, now: new Date('2026-12-05T23:59:59.999Z') })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => expire(unionClaimed(), { ...context, now: new Date('2030-01-01T00:00:00.000Z') })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => expire(donorClaimed('acc_a', { status: 'delivered' }), { ...context, now: new Date('2030-01-01T00:00:00.000Z') })).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('deliver()', () => {
  const stations = campaign().stations;

  it('hands a donor gift to a named station, with the note, and frees the donor slot', () => {
    const change = deliver(donorClaimed(), donorA, { to: 'station', station: '莲前驿站', note: '前台' }, stations, context);
    expect(change.after.delivery).toEqual({ to: 'station', station: { name: '莲前驿站', address: '莲前西路 100 号' }, note: '前台', deliveredAt: NOW.toISOString() });
    expect(change.effects).toEqual({ donorClaims: { donorId: 'acc_a', delta: -1 } });
    expect(change.event).toMatchObject({ type: 'WishDelivered', data: { deliveredTo: 'station', claimKind: 'donor' } });
  });

  it('lets staff deliver a union-funded wish to the org', () => {
    const change = deliver(unionClaimed(), staff, { to: 'org', note: '采购' }, stations, context);
    expect(change.after.delivery).toEqual({ to: 'org', note: '采购', deliveredAt: NOW.toISOString() });
    expect(change.effects).toEqual({});
  });

  it('refuses an unknown or missing station, and a station on a delivery to the org, naming station', () => {
    for (const input of [{ to: 'station' as const, station: '别处', note: 'x' }, { to: 'station' as const, note: 'x' }, { to: 'org' as const, station: '莲前驿站', note: 'x' }]) {
      expect(() => deliver(donorClaimed(), donorA, input, stations, context)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'body.station' })] }));
    }
  });

  it('refuses anyone but the holder (403) and a wish not claimed (409)', () => {
    expect(() => deliver(donorClaimed(), donorB, { to: 'org', note: 'x' }, stations, context)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => deliver(wish(), donorA, { to: 'org', note: 'x' }, stations, context)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => deliver(donorClaimed('acc_a', { status: 'fulfilled' }), donorA, { to: 'org', note: 'x' }, stations, context)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('confirm()', () => {
  const delivered = donorClaimed('acc_a', { status: 'delivered' });

  it('lets the worker confirm with thanks, and staff without', () => {
    const change = confirm(delivered, worker, '谢谢', context);
    expect(change.after).toMatchObject({ status: 'fulfilled', fulfilledAt: NOW.toISOString(), thanks: '谢谢' });
    expect(change.event).toMatchObject({ type: 'WishFulfilled', data: { claimKind: 'donor', donorId: 'acc_a', thanked: true, fulfilledAt: NOW.toISOString() } });
    const byStaff = confirm(unionClaimed({ status: 'delivered' }), staff, undefined, context);
    expect(byStaff.after.thanks).toBeUndefined();
    expect(byStaff.event.data).toMatchObject({ claimKind: 'union', thanked: false });
    expect(byStaff.event.data).not.toHaveProperty('donorId');
  });

  it('refuses another worker (403) and a wish not delivered (409)', () => {
    expect(() => confirm(delivered, otherWorker, undefined, context)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => confirm(donorClaimed(), worker, undefined, context)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('withdraw()', () => {
  it('withdraws a claimed wish, freeing its quota slot and the donor slot, and names the donor', () => {
    const change = withdraw(donorClaimed(), context);
    expect(change.after).toMatchObject({ status: 'withdrawn', withdrawnAt: NOW.toISOString(), claim: { donorId: 'acc_a' } });
    expect(change.effects).toEqual({ quota: -1, donorClaims: { donorId: 'acc_a', delta: -1 } });
    expect(change.event.data).toMatchObject({ donorId: 'acc_a', to: 'withdrawn' });
  });

  it('returns union money not yet handed over, but not for a delivered gift', () => {
    expect(withdraw(unionClaimed(), context).effects).toEqual({ quota: -1, spendFen: -30_000 });
    expect(withdraw(unionClaimed({ status: 'delivered' }), context).effects).toEqual({ quota: -1 });
    expect(withdraw(wish({ status: 'pending_review' }), context).effects).toEqual({ quota: -1 });
  });

  it('leaves fulfilled, rejected and withdrawn wishes as they are', () => {
    for (const status of ['fulfilled', 'rejected', 'withdrawn'] as const) expect(() => withdraw(wish({ status }), context)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('who sees a wish', () => {
  it('shows staff their subtree, donors the pool statuses and their own claims, workers their own', () => {
    expect(canSee(staff, wish())).toBe(true);
    expect(canSee(otherStaff, wish())).toBe(false);
    expect(canSee({ kind: 'staff', caller: { role: 'org_admin', principalId: 'org_admin:r', sub: 'r', orgId: 'org_root' } }, wish())).toBe(true);
    expect(canSee(donorB, wish({ status: 'pending_review' }))).toBe(false);
    expect(canSee(donorB, donorClaimed('acc_a', { status: 'withdrawn' }))).toBe(false);
    expect(canSee(donorA, donorClaimed('acc_a', { status: 'withdrawn' }))).toBe(true);
    expect(canSee(donorB, wish({ status: 'fulfilled' }))).toBe(true);
    expect(canSee(worker, wish())).toBe(true);
    expect(canSee(otherWorker, wish())).toBe(false);
    expect(canSee(worker, wish({ workerId: undefined }))).toBe(false);
    expect(() => visibleWish(donorA, undefined, 'wish_x')).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('campaigns', () => {
  it('are upcoming, open and closed by their dates', () => {
    const c = campaign();
    expect(campaignPhase(c, new Date('2026-10-31T23:59:59.999Z'))).toBe('upcoming');
    expect(campaignPhase(c, new Date('2026-11-01T00:00:00.000Z'))).toBe('open');
    expect(campaignPhase(c, new Date('2026-12-31T00:00:00.000Z'))).toBe('closed');
  });

  it('are planned by staff of the org or an ancestor, and not found for others', () => {
    const input = { orgId: 'org_siming', title: 't', opensAt: '2026-11-01T00:00:00+08:00', closesAt: '2026-12-01T00:00:00Z', budgetFen: 1, quota: 1, maxValueFen: 1 };
    const org = { id: 'org_siming', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203' };
    const planned = planCampaign(input, org, { caller: staffCaller, id: 'cmp_new', now: NOW });
    expect(planned).toMatchObject({ id: 'cmp_new', opensAt: '2026-10-31T16:00:00.000Z', claimHoldDays: 14, spentFen: 0, stations: [], regionCode: '350203', ancestors: ['org_root', 'org_xiamen'] });
    expect(planned.counts.open).toBe(0);
    expect(() => planCampaign(input, org, { caller: otherStaff.kind === 'staff' ? otherStaff.caller : provinceAdmin, id: 'x', now: NOW })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => planCampaign(input, undefined, { caller: provinceAdmin, id: 'x', now: NOW })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => planCampaign({ ...input, closesAt: input.opensAt }, org, { caller: provinceAdmin, id: 'x', now: NOW })).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path: 'body.closesAt' })] }));
    const twice = [{ name: '站', address: 'a' }, { name: '站', address: 'b' }];
    expect(() => planCampaign({ ...input, stations: twice }, org, { caller: provinceAdmin, id: 'x', now: NOW })).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path: 'body.stations' })] }));
  });

  it('are visible to workers and donors, and to staff only in their subtree', () => {
    const donorCaller = { role: 'donor' as const, principalId: 'account:a', accountId: 'a', name: '甲' };
    expect(visibleCampaign(donorCaller, campaign(), 'cmp_1').id).toBe('cmp_1');
    expect(() => visibleCampaign(donorCaller, undefined, 'cmp_1')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => staffCampaign(otherStaff.kind === 'staff' ? otherStaff.caller : provinceAdmin, campaign(), 'cmp_1')).toThrow(expect.objectContaining({ status: 404 }));
    expect(staffCampaign(provinceAdmin, campaign(), 'cmp_1').id).toBe('cmp_1');
  });
});
