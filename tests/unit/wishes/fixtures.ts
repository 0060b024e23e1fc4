import type { Caller, StaffCaller } from '../../../shared/auth/caller.js';
import type { Campaign } from '../../../functions/wishes/domain/campaign.js';
import { zeroCounts } from '../../../functions/wishes/domain/campaign.js';
import type { Actor, Member, Wish } from '../../../functions/wishes/domain/wish.js';

export const NOW = new Date('2026-11-25T00:00:00.000Z');
export const context = { now: NOW, province: '35' };

export const staffCaller: StaffCaller = { role: 'org_admin', principalId: 'org_admin:s', sub: 's', orgId: 'org_siming' };
export const provinceAdmin: Caller = { role: 'province_admin', principalId: 'province_admin:a', sub: 'a' };
export const staff: Actor = { kind: 'staff', caller: staffCaller };
export const otherStaff: Actor = { kind: 'staff', caller: { role: 'org_admin', principalId: 'org_admin:h', sub: 'h', orgId: 'org_huli' } };
export const donorA: Extract<Actor, { kind: 'donor' }> = { kind: 'donor', donorId: 'acc_a', name: '甲公司' };
export const donorB: Extract<Actor, { kind: 'donor' }> = { kind: 'donor', donorId: 'acc_b', name: '乙公司' };
export const worker: Actor = { kind: 'worker', workerId: 'worker:w1' };
export const otherWorker: Actor = { kind: 'worker', workerId: 'worker:w2' };

export const campaign = (overrides: Partial<Campaign> = {}): Campaign => ({
  id: 'cmp_1',
  orgId: 'org_siming',
  ancestors: ['org_root', 'org_xiamen'],
  regionCode: '350203',
  title: '暖心微心愿',
  opensAt: '2026-11-01T00:00:00.000Z',
  closesAt: '2026-12-31T00:00:00.000Z',
  budgetFen: 100_000,
  spentFen: 0,
  quota: 10,
  taken: 0,
  maxValueFen: 50_000,
  claimHoldDays: 14,
  stations: [{ name: '莲前驿站', address: '莲前西路 100 号' }],
  counts: zeroCounts(),
  createdAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

export const member = (overrides: Partial<Member> = {}): Member => ({
  workerId: 'worker:w1',
  status: 'active',
  orgId: 'org_siming',
  ancestors: ['org_root', 'org_xiamen'],
  regionCode: '350203',
  occupation: 'courier',
  changedAt: '2026-11-20T00:00:00.000Z',
  ...overrides,
});

export const wish = (overrides: Partial<Wish> = {}): Wish => ({
  id: 'wish_1',
  campaignId: 'cmp_1',
  orgId: 'org_siming',
  ancestors: ['org_root', 'org_xiamen'],
  workerId: 'worker:w1',
  title: '电饭煲',
  category: 'appliance',
  description: '想要一个电饭煲',
  valueFen: 30_000,
  regionCode: '350203',
  occupation: 'courier',
  status: 'open',
  claimHoldDays: 14,
  createdAt: '2026-11-20T00:00:00.000Z',
  openedAt: '2026-11-21T00:00:00.000Z',
  version: 1,
  ...overrides,
});

export const donorClaimed = (donorId = 'acc_a', overrides: Partial<Wish> = {}): Wish =>
  wish({ status: 'claimed', claim: { kind: 'donor', donorId, donorName: '甲公司', claimedAt: '2026-11-22T00:00:00.000Z', expiresAt: '2026-12-06T00:00:00.000Z' }, ...overrides });
export const unionClaimed = (overrides: Partial<Wish> = {}): Wish =>
  wish({ status: 'claimed', claim: { kind: 'union', orgId: 'org_siming', claimedAt: '2026-11-22T00:00:00.000Z' }, ...overrides });
