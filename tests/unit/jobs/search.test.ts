import { describe, expect, it } from 'vitest';
import type { Job } from '../../../functions/jobs/domain/job.js';
import { indexPartitionsOf, isSearchable, newestFirst, newestFirstKey, searchPartition, searchPrefix, windowOf } from '../../../functions/jobs/domain/search.js';
import { searchJobs } from '../../../functions/jobs/use-cases/search-jobs.js';
import { openJob } from '../../helpers/jobs.js';

const now = new Date('2026-11-25T00:00:00Z');
const job = (over: Partial<Job> = {}): Job => openJob('job_1', { schedule: { startDate: '2026-12-01', days: [1, 3], start: '01:00', end: '05:00' }, ...over });

describe('windowOf() and searchPrefix()', () => {
  it('a window is a span, overnight past midnight', () => {
    expect(windowOf('22:00', '06:00')).toEqual({ start: 1320, end: 1800 });
    expect(windowOf('08:00', '12:30')).toEqual({ start: 480, end: 750 });
  });

  it('a 6-digit code means its significant prefix; shorter codes are prefixes already', () => {
    expect(searchPrefix('350000')).toBe('35');
    expect(searchPrefix('350200')).toBe('3502');
    expect(searchPrefix('350203')).toBe('350203');
    expect(searchPrefix('3502')).toBe('3502');
    expect(searchPrefix('35')).toBe('35');
    expect(searchPrefix('35020')).toBe('35020');
  });
});

describe('indexPartitionsOf()', () => {
  it('a district job is found by province, city and district, each with and without its trade', () => {
    expect(indexPartitionsOf({ trade: 'delivery', regionCode: '350203' })).toEqual([
      'R2#35', 'R4#3502', 'R6#350203', 'T#delivery#R2#35', 'T#delivery#R4#3502', 'T#delivery#R6#350203',
    ]);
  });

  it('a city-level job by province and city only', () => {
    expect(indexPartitionsOf({ trade: 'cleaning', regionCode: '350200' })).toEqual(['R2#35', 'R4#3502', 'T#cleaning#R2#35', 'T#cleaning#R4#3502']);
  });
});

describe('searchPartition()', () => {
  it('without filters reads the province', () => {
    expect(searchPartition({}, '35')).toBe('R2#35');
  });

  it('reads the most selective partition the filters name', () => {
    expect(searchPartition({ regionCode: '350200' }, '35')).toBe('R4#3502');
    expect(searchPartition({ regionCode: '350203', trade: 'delivery' }, '35')).toBe('T#delivery#R6#350203');
    expect(searchPartition({ regionCode: '3502' }, '35')).toBe('R4#3502');
    expect(searchPartition({ trade: 'retail' }, '35')).toBe('T#retail#R2#35');
  });
});

describe('isSearchable()', () => {
  it('an open job answers no filters', () => {
    expect(isSearchable(job(), {}, now)).toBe(true);
  });

  it('closed and expired jobs answer nothing', () => {
    expect(isSearchable(job({ status: 'closed' }), {}, now)).toBe(false);
    expect(isSearchable(job({ expiresAt: now.toISOString() }), {}, now)).toBe(false);
    expect(isSearchable(job({ expiresAt: '2026-11-25T00:00:00.001Z' }), {}, now)).toBe(true);
  });

  it('filters by trade', () => {
    expect(isSearchable(job(), { trade: 'delivery' }, now)).toBe(true);
    expect(isSearchable(job(), { trade: 'retail' }, now)).toBe(false);
  });

  it('filters by region prefix', () => {
    expect(isSearchable(job(), { regionCode: '350000' }, now)).toBe(true);
    expect(isSearchable(job(), { regionCode: '350200' }, now)).toBe(true);
    expect(isSearchable(job(), { regionCode: '350203' }, now)).toBe(true);
    expect(isSearchable(job(), { regionCode: '350206' }, now)).toBe(false);
    expect(isSearchable(job(), { regionCode: '350300' }, now)).toBe(false);
    expect(isSearchable(job({ regionCode: '350200' }), { regionCode: '350203' }, now)).toBe(false);
  });

  it('filters by pay per hour, inclusive; a piece rate matches no minimum', () => {
    expect(isSearchable(job(), { payMinFen: 2_400 }, now)).toBe(true);
    expect(isSearchable(job(), { payMinFen: 2_401 }, now)).toBe(false);
    expect(isSearchable(job({ pay: { amountFen: 9_600, unit: 'day' } }), { payMinFen: 2_400 }, now)).toBe(true);
    expect(isSearchable(job({ pay: { amountFen: 9_599, unit: 'day' } }), { payMinFen: 2_400 }, now)).toBe(false);
    expect(isSearchable(job({ pay: { amountFen: 1, unit: 'piece' } }), { payMinFen: 1 }, now)).toBe(false);
    expect(isSearchable(job({ pay: { amountFen: 1, unit: 'piece' } }), {}, now)).toBe(true);
    expect(isSearchable(job(), { payMinFen: 0 }, now)).toBe(true);
  });

  it('filters by weekday', () => {
    expect(isSearchable(job(), { day: 3 }, now)).toBe(true);
    expect(isSearchable(job(), { day: 2 }, now)).toBe(false);
  });

  it('filters by a window the shift must fit inside', () => {
    expect(isSearchable(job(), { window: windowOf('22:00', '06:00') }, now)).toBe(true);
    expect(isSearchable(job(), { window: windowOf('02:00', '06:00') }, now)).toBe(false);
    expect(isSearchable(job(), { window: windowOf('01:00', '05:00') }, now)).toBe(true);
  });

  it('every filter must hold at once', () => {
    const all = { trade: 'delivery' as const, regionCode: '350200', payMinFen: 2_000, day: 1, window: windowOf('00:00', '06:00') };
    expect(isSearchable(job(), all, now)).toBe(true);
    expect(isSearchable(job(), { ...all, day: 7 }, now)).toBe(false);
  });
});

describe('newestFirst() and newestFirstKey()', () => {
  const a = { id: 'job_a', postedAt: '2026-11-24T00:00:00.000Z' };
  const b = { id: 'job_b', postedAt: '2026-11-25T00:00:00.000Z' };
  const c = { id: 'job_c', postedAt: '2026-11-25T00:00:00.000Z' };

  it('orders newer postings first, same-instant ones by id', () => {
    expect([a, c, b].sort(newestFirst).map((j) => j.id)).toEqual(['job_b', 'job_c', 'job_a']);
    expect(newestFirst(b, c)).toBe(-1);
    expect(newestFirst(c, b)).toBe(1);
    expect(newestFirst(b, b)).toBe(0);
    expect(newestFirst(a, b)).toBe(86_400_000);
  });

  it('the string key sorts the same way', () => {
    expect(newestFirstKey(b)).toBe(`${9_999_999_999_999 - Date.parse(b.postedAt)}#job_b`);
    expect(newestFirstKey({ id: 'x', postedAt: '2286-11-20T17:46:39.999Z' })).toBe('0000000000000#x');
    expect([a, c, b].map(newestFirstKey).sort()).toEqual([b, c, a].map(newestFirstKey));
  });
});

describe('searchJobs()', () => {
  it('queries the one partition the filters name, at the clock time', async () => {
    const calls: unknown[] = [];
    const page = { items: [job()], nextCursor: null };
    const ports = { jobs: { search: async (...args: unknown[]) => (calls.push(args), page) }, clock: { now: () => now }, province: '35' };
    const filters = { trade: 'delivery' as const };
    expect(await searchJobs(filters, { limit: 10 }, ports)).toBe(page);
    expect(calls).toEqual([['T#delivery#R2#35', filters, now, { limit: 10 }]]);
  });
});
