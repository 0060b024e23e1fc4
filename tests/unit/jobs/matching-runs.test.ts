import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../functions/jobs/domain/job.js';
import { seekerPseudonym, type SeekerProfile } from '../../../functions/jobs/domain/seeker.js';
import type { StoredMatch } from '../../../functions/jobs/seeker-repository.js';
import { JOBS_PER_SEEKER_KEY, matchJobToSeekers, matchSeekerToJobs, type MatcherPorts } from '../../../functions/jobs/use-cases/matching.js';
import { logger } from '../../../shared/logger.js';
import { openJob } from '../../helpers/jobs.js';

const now = new Date('2026-11-25T00:00:00Z');
const job = openJob;
const profile: SeekerProfile = {
  workerId: 'wkr_1', trades: ['delivery', 'retail'], skills: [], regionCodes: ['350203'], days: [1], windows: [], payMinFen: null, certifiedSkills: [], updatedAt: 'x', pseudonymSalt: 'salt',
};

function ports(options: { job?: Job; profile?: SeekerProfile; partitions?: Record<string, Job[]>; existing?: StoredMatch[] }) {
  const writes: { put: StoredMatch[]; remove: unknown[] }[] = [];
  const newest: unknown[][] = [];
  const p: MatcherPorts = {
    jobs: { get: async () => options.job, newest: async (partition, at, limit) => (newest.push([partition, at, limit]), options.partitions?.[partition] ?? []) },
    seekers: {
      getProfile: async () => options.profile,
      candidates: async () => (options.profile ? [options.profile] : []),
      jobMatches: async () => options.existing ?? [],
      seekerMatches: async () => options.existing ?? [],
      writeMatches: async (put, remove) => void writes.push({ put, remove }),
    },
    clock: { now: () => now },
  };
  return { p, writes, newest };
}

afterEach(() => vi.restoreAllMocks());

describe('matchSeekerToJobs()', () => {
  it('reads the newest jobs under each trade and area once each, and keeps those that fit', async () => {
    const a = job('job_a');
    const other = job('job_b', { trade: 'retail', regionCode: '350300' });
    const m = ports({ profile, partitions: { 'T#delivery#R4#3502': [a], 'T#retail#R4#3502': [a, other] } });
    expect(await matchSeekerToJobs('wkr_1', m.p)).toEqual({ considered: 2, matched: 1, removed: 0 });
    expect(m.newest).toEqual([['T#delivery#R4#3502', now, JOBS_PER_SEEKER_KEY], ['T#retail#R4#3502', now, 200]]);
    expect(m.writes).toEqual([{ put: [expect.objectContaining({ jobId: 'job_a', workerId: 'wkr_1', seekerId: seekerPseudonym(profile, 'job_a'), jobExpiresAt: a.expiresAt })], remove: [] }]);
  });

  it('an erased profile keeps no matches', async () => {
    const kept = { jobId: 'job_a', workerId: 'wkr_1' } as StoredMatch;
    const m = ports({ existing: [kept] });
    expect(await matchSeekerToJobs('wkr_1', m.p)).toEqual({ considered: 0, matched: 0, removed: 1 });
    expect(m.newest).toEqual([]);
    expect(m.writes).toEqual([{ put: [], remove: [kept] }]);
  });

  it('rewrites a kept match whose score, pseudonym, expiry or reasons changed, and only those', async () => {
    const a = job('job_a');
    const first = ports({ profile, partitions: { 'T#delivery#R4#3502': [a] } });
    await matchSeekerToJobs('wkr_1', first.p);
    const kept = first.writes[0]!.put[0]!;
    for (const stale of [{ ...kept, score: kept.score - 1 }, { ...kept, seekerId: 'skr_old' }, { ...kept, jobExpiresAt: 'old' }, { ...kept, reasons: kept.reasons.slice(1) }]) {
      const again = ports({ profile, partitions: { 'T#delivery#R4#3502': [a] }, existing: [stale] });
      await matchSeekerToJobs('wkr_1', again.p);
      expect(again.writes).toEqual([{ put: [kept], remove: [] }]);
    }
    const same = ports({ profile, partitions: { 'T#delivery#R4#3502': [a] }, existing: [kept, { ...kept, jobId: 'job_gone' }] });
    expect(await matchSeekerToJobs('wkr_1', same.p)).toEqual({ considered: 1, matched: 1, removed: 1 });
    expect(same.writes).toEqual([{ put: [], remove: [{ ...kept, jobId: 'job_gone' }] }]);
  });

  it('logs a metric line for each run', async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    await matchSeekerToJobs('wkr_1', ports({ profile }).p);
    await matchJobToSeekers('job_a', ports({ job: job('job_a'), profile }).p);
    expect(info.mock.calls).toEqual([
      ['Matched seeker', expect.objectContaining({ considered: 0, matched: 0, removed: 0, side: 'seeker', _aws: expect.objectContaining({ Timestamp: expect.any(Number) }) })],
      ['Matched job', expect.objectContaining({ considered: 1, matched: 1, removed: 0, side: 'job' })],
    ]);
    expect((info.mock.calls[0]![1] as { _aws: { CloudWatchMetrics: unknown } })._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'UnionServices/Jobs', Dimensions: [['side']], Metrics: [{ Name: 'considered', Unit: 'Count' }, { Name: 'matched', Unit: 'Count' }] },
    ]);
  });
});

describe('matchJobToSeekers()', () => {
  it('keys matches by job and worker together', async () => {
    const a = job('job_a');
    const first = ports({ job: a, profile });
    await matchJobToSeekers('job_a', first.p);
    const kept = first.writes[0]!.put[0]!;
    const otherWorker = { ...kept, workerId: 'wkr_2' };
    const again = ports({ job: a, profile, existing: [kept, otherWorker] });
    expect(await matchJobToSeekers('job_a', again.p)).toEqual({ considered: 1, matched: 1, removed: 1 });
    expect(again.writes).toEqual([{ put: [], remove: [otherWorker] }]);
  });
});
