import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../shared/auth/caller.js';
import { planPosting, type Job, type JobInput } from '../../../functions/jobs/domain/job.js';
import {
  checkinCodeHash,
  ensureCheckinOpen,
  ensureNotOver,
  fairInScope,
  intentionEvent,
  jobsToAttach,
  mustExist,
  planFair,
  type Fair,
} from '../../../functions/jobs/domain/fair.js';
import { indexPartitionsOf, isSearchable, newestFirst, newestFirstKey, searchPartition, searchPrefix, windowOf } from '../../../functions/jobs/domain/search.js';

const now = new Date('2026-11-25T00:00:00.000Z');
const input: JobInput = {
  title: '午高峰外卖骑手',
  trade: 'delivery',
  skills: [],
  headcount: 5,
  pay: { amountFen: 24_000, unit: 'day' },
  schedule: { startDate: '2026-12-01', days: [1, 2, 3], start: '10:00', end: '14:00' },
  regionCode: '350203',
  address: '厦门市思明区',
  expiresAt: '2026-12-31T00:00:00Z',
};
const jobOf = (overrides: Partial<JobInput> = {}, id = 'job_1', at = now): Job =>
  planPosting({ ...input, ...overrides }, { employerId: 'acc_e', employerName: '某公司', id, now: at, province: '35' }).job;

describe('search partitions', () => {
  it('files a job under each prefix of its district, with and without its trade', () => {
    expect(indexPartitionsOf({ trade: 'delivery', regionCode: '350203' })).toEqual([
      'R2#35', 'R4#3502', 'R6#350203', 'T#delivery#R2#35', 'T#delivery#R4#3502', 'T#delivery#R6#350203',
    ]);
  });

  it('reads the most selective partition a search names, the province when it names no region', () => {
    expect(searchPartition({}, '35')).toBe('R2#35');
    expect(searchPartition({ regionCode: '3502' }, '35')).toBe('R4#3502');
    expect(searchPartition({ regionCode: '350203', trade: 'cleaning' }, '35')).toBe('T#cleaning#R6#350203');
    expect(searchPartition({ trade: 'retail' }, '35')).toBe('T#retail#R2#35');
  });

  it('reads a 6-digit province or city code as its prefix, and keeps shorter prefixes as they are', () => {
    expect(searchPrefix('350000')).toBe('35');
    expect(searchPrefix('350200')).toBe('3502');
    expect(searchPrefix('350203')).toBe('350203');
    expect(searchPrefix('35')).toBe('35');
  });
});

describe('isSearchable()', () => {
  const job = jobOf();
  it('answers every filter the job meets', () => {
    expect(isSearchable(job, {}, now)).toBe(true);
    expect(isSearchable(job, { trade: 'delivery', regionCode: '3502', payMinFen: 6000, day: 2, window: windowOf('09:00', '15:00') }, now)).toBe(true);
  });

  it('refuses on each filter alone', () => {
    expect(isSearchable(job, { trade: 'cleaning' }, now)).toBe(false);
    expect(isSearchable(job, { regionCode: '3501' }, now)).toBe(false);
    expect(isSearchable(job, { payMinFen: 6001 }, now)).toBe(false);
    expect(isSearchable(job, { day: 4 }, now)).toBe(false);
    expect(isSearchable(job, { window: windowOf('11:00', '15:00') }, now)).toBe(false);
  });

  it('keeps piece-rate jobs out of any pay filter, and expired or closed jobs out of everything', () => {
    expect(isSearchable(jobOf({ pay: { amountFen: 300, unit: 'piece' } }), { payMinFen: 0 }, now)).toBe(false);
    expect(isSearchable(job, {}, new Date('2026-12-31T00:00:00.000Z'))).toBe(false);
    expect(isSearchable({ ...job, status: 'closed' }, {}, now)).toBe(false);
  });
});

describe('newest first', () => {
  const older = jobOf({}, 'job_b', new Date('2026-11-01T00:00:00.000Z'));
  const newer = jobOf({}, 'job_a', new Date('2026-11-02T00:00:00.000Z'));
  const twin = jobOf({}, 'job_c', new Date('2026-11-02T00:00:00.000Z'));

  it('orders by posting time, newest first, then by id', () => {
    expect([older, twin, newer].sort(newestFirst).map((job) => job.id)).toEqual(['job_a', 'job_c', 'job_b']);
  });

  it('gives sort keys that order as strings the same way', () => {
    const keys = [older, twin, newer].map(newestFirstKey).sort();
    expect(keys).toEqual([newer, twin, older].map(newestFirstKey));
    expect(newestFirstKey(newer)).toBe(`${9_999_999_999_999 - Date.parse('2026-11-02T00:00:00.000Z')}#job_a`);
  });
});

describe('fairs', () => {
  const org = { id: 'org_xm', ancestors: ['org_root'] };
  const fairInput = { orgId: 'org_xm', title: '零工招聘会', startsAt: '2026-12-01T01:00:00Z', endsAt: '2026-12-01T09:00:00Z', venue: '会展中心', online: false };
  const { fair, event } = planFair(fairInput, org, { id: 'fair_1', now, province: '35' });

  it('plans a fair in the org with its ancestry and announces it', () => {
    expect(fair).toEqual({ id: 'fair_1', orgId: 'org_xm', ancestors: ['org_root'], title: '零工招聘会', startsAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-01T09:00:00.000Z', venue: '会展中心', online: false, createdAt: now.toISOString() });
    expect(event).toMatchObject({ type: 'FairScheduled', data: { fairId: 'fair_1', orgId: 'org_xm', ancestors: ['org_root'], startsAt: '2026-12-01T01:00:00.000Z', online: false } });
  });

  it('refuses a fair that ends before it starts, or has already ended, naming the field', () => {
    expect(() => planFair({ ...fairInput, endsAt: fairInput.startsAt }, org, { id: 'f', now, province: '35' })).toThrow(expect.objectContaining({ status: 400, errors: [{ path: 'body.endsAt', message: 'must be after startsAt' }] }));
    const late = new Date('2026-12-02T00:00:00Z');
    expect(() => planFair(fairInput, org, { id: 'f', now: late, province: '35' })).toThrow(expect.objectContaining({ errors: [{ path: 'body.endsAt', message: 'must be in the future' }] }));
  });

  it('shows a fair only to staff whose subtree holds its org', () => {
    const staff = (orgId: string): Caller => ({ role: 'org_admin', principalId: 'p', sub: 's', orgId });
    expect(fairInScope(staff('org_root'), fair, 'fair_1')).toBe(fair);
    expect(fairInScope(staff('org_xm'), fair, 'fair_1')).toBe(fair);
    expect(() => fairInScope(staff('org_other'), fair, 'fair_1')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => fairInScope(staff('org_xm'), undefined, 'fair_1')).toThrow(expect.objectContaining({ status: 404 }));
    expect(mustExist(fair, 'fair_1')).toBe(fair);
    expect(() => mustExist(undefined, 'fair_x')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('opens check-in two hours before the start and closes it at the end', () => {
    expect(() => ensureCheckinOpen(fair, new Date('2026-11-30T22:59:59.999Z'))).toThrow(expect.objectContaining({ status: 409, message: 'Check-in to fair fair_1 opens two hours before it starts' }));
    expect(() => ensureCheckinOpen(fair, new Date('2026-11-30T23:00:00.000Z'))).not.toThrow();
    expect(() => ensureCheckinOpen(fair, new Date('2026-12-01T08:59:59.999Z'))).not.toThrow();
    expect(() => ensureNotOver(fair, new Date('2026-12-01T09:00:00.000Z'))).toThrow(expect.objectContaining({ status: 409, message: 'Fair fair_1 has ended' }));
  });

  it('attaches only the employer\'s own open jobs not already at its booth', () => {
    const open = jobOf({}, 'job_open');
    const atBooth = jobOf({}, 'job_there');
    const closed = { ...jobOf({}, 'job_closed'), status: 'closed' as const };
    const others = { ...jobOf({}, 'job_other'), employerId: 'acc_x' };
    const jobs = new Map([open, atBooth, closed, others].map((job) => [job.id, job]));
    const booth = { fairId: 'fair_1', employerId: 'acc_e', jobIds: ['job_there'] } as never;
    expect(jobsToAttach(['job_open', 'job_there', 'job_open'], jobs, 'acc_e', booth, now).map((job) => job.id)).toEqual(['job_open']);
    expect(() => jobsToAttach(['job_other'], jobs, 'acc_e', undefined, now)).toThrow(expect.objectContaining({ status: 404, message: 'No job job_other of yours' }));
    expect(() => jobsToAttach(['job_open', 'job_closed'], jobs, 'acc_e', undefined, now)).toThrow(expect.objectContaining({ status: 400, errors: [{ path: 'body.jobIds.1', message: 'job job_closed is closed' }] }));
  });

  it('keeps only a hash of a check-in code, and announces intentions with the fair\'s place in the tree', () => {
    expect(checkinCodeHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(checkinCodeHash('abc')).not.toContain('abc');
    expect(intentionEvent(fair as Fair, { id: 'job_1', employerId: 'acc_e' }, { now, province: '35' })).toMatchObject({
      type: 'FairIntentionRecorded',
      data: { fairId: 'fair_1', orgId: 'org_xm', ancestors: ['org_root'], startsAt: fair.startsAt, jobId: 'job_1', employerId: 'acc_e' },
    });
  });
});
