import { describe, expect, it } from 'vitest';
import {
  acceptTransfer,
  approve,
  erase,
  formatMemberNo,
  join,
  leave,
  reject,
  requestTransfer,
  reviewable,
  type Membership,
} from '../../../functions/membership/domain/membership.js';
import type { Caller } from '../../../shared/auth/caller.js';

const now = new Date('2026-11-23T08:00:00Z');
const siming = { id: 'siming', name: '思明区总工会', ancestors: ['root', 'xiamen'] };
const huli = { id: 'huli', name: '湖里区总工会', ancestors: ['root', 'xiamen'] };
const staffOf = (orgId: string): Caller => ({ role: 'org_admin', sub: 's', orgId, principalId: 'org_admin:s' });

const pending = (): Membership =>
  join(
    {
      occupation: 'courier',
      platform: '闽送即配',
      rosteredOn: [],
      regionCode: '350203',
      consent: { version: '2026-01', accepted: true },
      masked: { name: '张*', mobile: '138****0000', idNumber: '3502**********1234' },
    },
    { id: 'mem_1', workerId: 'worker:w', org: siming, joinSource: 'org', province: '35', now, nextMemberSeq: 0 },
  ).membership;

describe('join()', () => {
  it('starts pending in the link org, records consent and announces the join', () => {
    const { membership, event } = join(
      { occupation: 'courier', rosteredOn: [], regionCode: '350203', consent: { version: '2026-01', accepted: true }, masked: { name: '张*', mobile: 'm', idNumber: 'i' } },
      { id: 'mem_2', workerId: 'worker:w', org: siming, joinSource: 'station:st-1', province: '35', now, nextMemberSeq: 0 },
    );
    expect(membership).toMatchObject({ status: 'pending', orgId: 'siming', ancestors: ['root', 'xiamen'], platforms: [], consent: { version: '2026-01', acceptedAt: now.toISOString(), shareWithPlatforms: false } });
    expect(event.data).toEqual({ membershipId: 'mem_2', workerId: 'worker:w', occupation: 'courier', maskedName: '张*', regionCode: '350203', platforms: [], joinSource: 'station:st-1', from: null, to: { status: 'pending', orgId: 'siming', ancestors: ['root', 'xiamen'] } });
  });
});

describe('join() of a rostered person', () => {
  it('is verified, lists every platform once and refuses a region outside the province', () => {
    const input = {
      occupation: 'food_delivery' as const,
      platform: '闽送即配',
      rosteredOn: ['闽送即配', '鹭岛快跑'],
      regionCode: '350203',
      consent: { version: '2026-01', accepted: true as const },
      masked: { name: '张*', mobile: 'm', idNumber: 'i' },
    };
    const context = { id: 'mem_3', workerId: 'worker:w', org: siming, joinSource: 'org', province: '35', now, nextMemberSeq: 12 };
    const joined = join(input, context);
    expect(joined.membership).toMatchObject({ status: 'active', memberNo: '352026000012', since: now.toISOString(), platforms: ['闽送即配', '鹭岛快跑'] });
    expect(joined.event.data.to.status).toBe('active');
    expect(joined.event.data.from).toBeNull();
    const unmatched = join({ ...input, rosteredOn: [] }, context).membership;
    expect(unmatched.status).toBe('pending');
    expect(unmatched).not.toHaveProperty('memberNo');
    expect(unmatched).not.toHaveProperty('since');
    expect(() => join({ ...input, regionCode: '610102' }, context)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('review', () => {
  it('approves only pending memberships, with the member number given', () => {
    const { membership } = approve(pending(), formatMemberNo('35', 2026, 7), '35', now);
    expect(membership).toMatchObject({ status: 'active', memberNo: '352026000007', since: now.toISOString() });
    expect(() => approve(membership, 'x', '35', now)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => reject(membership, '重复', '35', now)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('hides memberships outside the caller subtree', () => {
    expect(reviewable(staffOf('xiamen'), pending()).id).toBe('mem_1');
    expect(() => reviewable(staffOf('huli'), pending())).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => reviewable(staffOf('huli'), undefined)).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('leave() and erase()', () => {
  it('ends live memberships only', () => {
    const { membership: left } = leave(pending(), '35', now);
    expect(left.status).toBe('left');
    expect(() => leave(left, '35', now)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('drops every personal field and every link to the worker, keeping the anonymous record', () => {
    const { membership, event, workerErased } = erase(approve(pending(), '352026000001', '35', now).membership, '35', now);
    for (const field of ['masked', 'workerId', 'memberNo', 'consent', 'orgName', 'rejectionReason', 'pendingTransferId']) expect(membership).not.toHaveProperty(field);
    expect(membership).toMatchObject({ status: 'erased', orgId: 'siming', occupation: 'courier', history: [] });
    expect(event.data.from?.status).toBe('active');
    expect(event.data).not.toHaveProperty('workerId');
    expect(workerErased?.data).toEqual({ workerId: 'worker:w' });
    expect(() => erase(membership, '35', now)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('transfers', () => {
  const active = () => approve(pending(), '352026000001', '35', now).membership;

  it('moves an active member once the target org accepts, keeping history', () => {
    const { membership, transfer } = requestTransfer(active(), huli, 'trf_1', now);
    expect(() => requestTransfer(membership, huli, 'trf_2', now)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => acceptTransfer(staffOf('siming'), membership, transfer, '35', now)).toThrow(expect.objectContaining({ status: 404 }));
    const moved = acceptTransfer(staffOf('huli'), membership, transfer, '35', now);
    expect(moved.membership).toMatchObject({ orgId: 'huli', history: [{ orgId: 'siming', until: now.toISOString(), transferId: 'trf_1' }] });
    expect(moved.membership).not.toHaveProperty('pendingTransferId');
    expect(moved.transfer.status).toBe('accepted');
    expect(() => acceptTransfer(staffOf('huli'), moved.membership, moved.transfer, '35', now)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('refuses pending members and a move to the same org', () => {
    expect(() => requestTransfer(pending(), huli, 'trf_1', now)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => requestTransfer(active(), siming, 'trf_1', now)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
