import type { Job } from '../../functions/jobs/domain/job.js';

/** The instant the jobs unit tests run at. */
export const jobsNow = new Date('2026-11-25T00:00:00Z');

/** An open posting of 24 yuan an hour in Siming, Mondays 09:00-17:00; `over` changes any field. */
export const openJob = (id: string, over: Partial<Job> = {}): Job => ({
  id,
  employerId: 'acc_e',
  employerName: '某公司',
  status: 'open',
  postedAt: jobsNow.toISOString(),
  updatedAt: jobsNow.toISOString(),
  version: 1,
  fairIds: [],
  title: '骑手',
  trade: 'delivery',
  skills: [],
  headcount: 3,
  pay: { amountFen: 2_400, unit: 'hour' },
  schedule: { startDate: '2026-12-01', days: [1], start: '09:00', end: '17:00' },
  regionCode: '350203',
  address: '厦门市',
  expiresAt: '2026-12-31T00:00:00.000Z',
  ...over,
});

/** The body of `POST /v1/jobs`: a lunch-rush delivery posting in Siming, open 30 days; `overrides` change any field. */
export const jobPosting = (overrides: Record<string, unknown> = {}) => ({
  title: '午高峰外卖骑手',
  trade: 'delivery',
  skills: ['电动车驾驶'],
  headcount: 5,
  pay: { amountFen: 3000, unit: 'hour' },
  schedule: { startDate: '2026-12-01', days: [1, 2, 3, 4, 5], start: '11:00', end: '14:00' },
  regionCode: '350203',
  address: '厦门市思明区莲前西路 1 号',
  expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  ...overrides,
});
