import { describe, expect, it } from 'vitest';
import { DaysSchema } from '../../../shared/wall-clock.js';
import { ownJob, planClose, planEdit, planPosting, privateJob, regionPrefixesOf, statusAt, type Job, type JobInput } from '../../../functions/jobs/domain/job.js';
import { bestFirst, candidateJobPartitions, candidateKeysFor, matchJob, regionFit, seekerIndexKeys, type MatchableSeeker } from '../../../functions/jobs/domain/matching.js';

const now = new Date('2026-11-25T00:00:00Z');
const input: JobInput = {
  title: '骑手', trade: 'delivery', skills: ['电动车驾驶', 'Map'], headcount: 3, pay: { amountFen: 2_500, unit: 'hour' },
  schedule: { startDate: '2026-12-01', days: [1, 2], start: '09:00', end: '17:00' }, regionCode: '350203', address: '厦门市', expiresAt: '2026-12-31T00:00:00Z',
};
const context = { employerId: 'acc_e', employerName: '某公司', id: 'job_1', now, province: '35' };
const posted = (): Job => planPosting(input, context).job;

describe('DaysSchema', () => {
  it('takes distinct weekdays and refuses a repeated one', () => {
    expect(DaysSchema.safeParse([1, 7]).success).toBe(true);
    const repeated = DaysSchema.safeParse([1, 1]);
    expect(repeated.success).toBe(false);
    expect(repeated.error?.issues.map((i) => i.message)).toEqual(['must not repeat a day']);
  });
});

describe('statusAt()', () => {
  it('an open job expires at the instant of its expiry; closed stays closed', () => {
    const job = { status: 'open' as const, expiresAt: '2026-11-25T00:00:00.001Z' };
    expect(statusAt(job, now)).toBe('open');
    expect(statusAt(job, new Date('2026-11-25T00:00:00.001Z'))).toBe('expired');
    expect(statusAt({ ...job, status: 'closed' }, now)).toBe('closed');
  });
});

describe('planPosting() rules', () => {
  it('a posting starts open, version 1, at no fair', () => {
    expect(posted()).toMatchObject({ status: 'open', version: 1, fairIds: [], postedAt: now.toISOString(), updatedAt: now.toISOString() });
  });

  it('lists every broken rule with its message', () => {
    const bad = { ...input, regionCode: '110101', expiresAt: now.toISOString(), schedule: { ...input.schedule, endDate: '2026-11-30' } };
    expect(() => planPosting(bad, context)).toThrowError(
      expect.objectContaining({
        status: 400,
        errors: [
          { path: 'body.regionCode', message: 'must lie within province 35' },
          { path: 'body.expiresAt', message: 'must be in the future' },
          { path: 'body.schedule.endDate', message: 'must not be before startDate' },
        ],
      }),
    );
  });

  it('an expiry a millisecond ahead and a one-day schedule are fine', () => {
    const ok = { ...input, expiresAt: '2026-11-25T00:00:00.001Z', schedule: { ...input.schedule, endDate: '2026-12-01' } };
    expect(planPosting(ok, context).job.expiresAt).toBe('2026-11-25T00:00:00.001Z');
  });
});

describe('ownJob() and privateJob()', () => {
  it("another employer's job is 403 to change and 404 to look into", () => {
    const job = posted();
    expect(ownJob(job, 'job_1', 'acc_e')).toBe(job);
    expect(() => ownJob(job, 'job_1', 'acc_x')).toThrowError(expect.objectContaining({ status: 403, message: 'Job job_1 belongs to another employer' }));
    expect(() => ownJob(undefined, 'job_9', 'acc_e')).toThrowError(expect.objectContaining({ status: 404, message: 'No job job_9' }));
    expect(privateJob(job, 'job_1', 'acc_e')).toBe(job);
    expect(() => privateJob(job, 'job_1', 'acc_x')).toThrowError(expect.objectContaining({ name: 'JobNotFoundError', status: 404, message: 'No job job_1' }));
    expect(() => privateJob(undefined, 'job_9', 'acc_e')).toThrowError(expect.objectContaining({ status: 404, message: 'No job job_9' }));
  });
});

describe('planEdit() and planClose()', () => {
  const later = new Date('2026-11-26T00:00:00Z');
  it('an edit replaces the fields, bumps the version and announces JobUpdated', () => {
    const { job, event } = planEdit({ ...posted(), version: 4 }, { ...input, headcount: 9 }, { now: later, province: '35' });
    expect(job).toMatchObject({ headcount: 9, version: 5, updatedAt: later.toISOString(), postedAt: now.toISOString(), status: 'open' });
    expect(event).toMatchObject({ type: 'JobUpdated', data: { jobId: 'job_1', employerId: 'acc_e', trade: 'delivery', regionCode: '350203', headcount: 9, version: 5 } });
  });

  it('closing bumps the version and announces JobClosed', () => {
    const { job, event } = planClose({ ...posted(), version: 2 }, { now: later, province: '35' });
    expect(job).toMatchObject({ status: 'closed', version: 3, updatedAt: later.toISOString() });
    expect(event).toMatchObject({ type: 'JobClosed', province: '35', data: { jobId: 'job_1', employerId: 'acc_e' } });
  });

  it('a closed job is neither edited nor closed again (409)', () => {
    const closed = { ...posted(), status: 'closed' as const };
    expect(() => planEdit(closed, input, { now, province: '35' })).toThrowError(expect.objectContaining({ name: 'JobNotOpenError', status: 409, message: 'Job job_1 is closed' }));
    expect(() => planClose(closed, { now, province: '35' })).toThrowError(expect.objectContaining({ status: 409, message: 'Job job_1 is closed' }));
  });
});

describe('regionPrefixesOf()', () => {
  it('district, city and province codes', () => {
    expect(regionPrefixesOf('350203')).toEqual(['35', '3502', '350203']);
    expect(regionPrefixesOf('350200')).toEqual(['35', '3502']);
    expect(regionPrefixesOf('350000')).toEqual(['35']);
  });
});

describe('matchJob() reasons', () => {
  const seeker: MatchableSeeker = { trades: ['delivery'], skills: [' map '], regionCodes: ['350206'], days: [1], windows: [], payMinFen: 2_500 };
  const job = { ...posted() };

  it('scores each factor with its reason text', () => {
    expect(matchJob(job, seeker)).toEqual({
      score: 72,
      reasons: [
        { factor: 'trade', points: 35, text: '工种相符：delivery' },
        // A declared skill earns two thirds of its share: 10 of 15 over the two skills asked.
        { factor: 'skills', points: 5, text: '技能重合 1/2：Map' },
        { factor: 'region', points: 12, text: '同城邻近区县：350203（您选择 350206）' },
        { factor: 'schedule', points: 10, text: '每周与您的空闲时段重合 8 小时（岗位每周 16 小时）' },
        { factor: 'pay', points: 10, text: '折合时薪 ¥25.00，不低于您的期望 ¥25.00' },
      ],
    });
  });

  it('pay a fen below the minimum does not match', () => {
    expect(matchJob(job, { ...seeker, payMinFen: 2_501 })).toBeUndefined();
  });

  it('without a minimum, without skills asked, a piece rate', () => {
    const result = matchJob({ ...job, skills: [] }, { ...seeker, payMinFen: null });
    expect(result?.reasons[1]).toEqual({ factor: 'skills', points: 15, text: '岗位无特定技能要求' });
    expect(result?.reasons[4]).toEqual({ factor: 'pay', points: 10, text: '折合时薪 ¥25.00' });
    expect(matchJob({ ...job, pay: { amountFen: 100, unit: 'piece' } }, seeker)?.reasons[4]).toEqual({ factor: 'pay', points: 5, text: '计件工资，无法与期望时薪比较' });
  });

  it('no skill in common, and skills compared in lower case', () => {
    expect(matchJob({ ...job, skills: ['焊工'] }, seeker)?.reasons[1]).toEqual({ factor: 'skills', points: 0, text: '技能重合 0/1' });
    expect(matchJob({ ...job, skills: ['ß'] }, { ...seeker, skills: ['ss'] })?.reasons[1]).toMatchObject({ points: 0 });
  });
});

describe('regionFit()', () => {
  it('keeps the nearest area, the first of equals', () => {
    expect(regionFit('350203', ['350203', '350000'])).toEqual({ points: 20, text: '同区县：350203' });
    expect(regionFit('350203', ['350000', '350200'])).toEqual({ points: 16, text: '在您选择的城市内：3502' });
    expect(regionFit('350203', ['350000'])).toEqual({ points: 10, text: '在您选择的全省范围内：35' });
    expect(regionFit('350203', ['350206', '350205'])).toEqual({ points: 12, text: '同城邻近区县：350203（您选择 350206）' });
    expect(regionFit('350203', ['350300'])).toBeUndefined();
  });
});

describe('bestFirst() and index keys', () => {
  it('higher scores first, equal scores by id', () => {
    const items = [{ score: 5, id: 'b' }, { score: 9, id: 'z' }, { score: 5, id: 'a' }];
    expect([...items].sort(bestFirst).map((i) => i.id)).toEqual(['z', 'a', 'b']);
    expect(bestFirst({ score: 5, id: 'a' }, { score: 5, id: 'b' })).toBe(-1);
    expect(bestFirst({ score: 5, id: 'b' }, { score: 5, id: 'a' })).toBe(1);
    expect(bestFirst({ score: 5, id: 'a' }, { score: 5, id: 'a' })).toBe(0);
    expect(bestFirst({ score: 2, id: 'a' }, { score: 5, id: 'b' })).toBe(3);
  });

  it('seekers are indexed by trade and city or province; jobs look at both', () => {
    const seeker = { trades: ['delivery', 'retail'] as const, regionCodes: ['350203', '350206', '360000'] };
    expect(seekerIndexKeys({ ...seeker, trades: [...seeker.trades] })).toEqual(['delivery#C#3502', 'delivery#P#36', 'retail#C#3502', 'retail#P#36']);
    expect(candidateJobPartitions({ ...seeker, trades: [...seeker.trades] })).toEqual(['T#delivery#R4#3502', 'T#delivery#R2#36', 'T#retail#R4#3502', 'T#retail#R2#36']);
    expect(candidateKeysFor({ trade: 'delivery', regionCode: '350203' })).toEqual(['delivery#C#3502', 'delivery#P#35']);
  });
});
