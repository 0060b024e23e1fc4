import { logger } from '../../../shared/logger.js';
import type { Clock } from '../../../shared/ports.js';
import { statusAt, type Job } from '../domain/job.js';
import { candidateJobPartitions, candidateKeysFor, matchJob } from '../domain/matching.js';
import { seekerPseudonym, type SeekerProfile } from '../domain/seeker.js';
import type { JobRepository } from '../job-repository.js';
import type { SeekerRepository, StoredMatch } from '../seeker-repository.js';

export interface MatcherPorts {
  jobs: Pick<JobRepository, 'get' | 'newest'>;
  seekers: Pick<SeekerRepository, 'getProfile' | 'candidates' | 'jobMatches' | 'seekerMatches' | 'writeMatches'>;
  clock: Clock;
}

/** What one matching run did, for logs, metrics and the benchmark. */
export interface MatchingRun {
  considered: number;
  matched: number;
  removed: number;
}

/** Newest postings a seeker is matched against per trade and area. */
export const JOBS_PER_SEEKER_KEY = 200;

const stored = (job: Job, seeker: SeekerProfile): StoredMatch | undefined => {
  const result = matchJob(job, seeker);
  return result && { jobId: job.id, workerId: seeker.workerId, seekerId: seekerPseudonym(seeker, job.id), jobExpiresAt: job.expiresAt, ...result };
};

const key = (match: Pick<StoredMatch, 'jobId' | 'workerId'>) => `${match.jobId}\u0000${match.workerId}`;

const sameMatch = (a: StoredMatch, b: StoredMatch) =>
  a.score === b.score && a.seekerId === b.seekerId && a.jobExpiresAt === b.jobExpiresAt && JSON.stringify(a.reasons) === JSON.stringify(b.reasons);

/** Writes the matches of `next` that are new or changed, and removes the kept ones it no longer has. */
async function replace(existing: StoredMatch[], next: StoredMatch[], ports: MatcherPorts): Promise<number> {
  const before = new Map(existing.map((match) => [key(match), match]));
  const kept = new Set(next.map(key));
  const removed = existing.filter((match) => !kept.has(key(match)));
  const changed = next.filter((match) => {
    const old = before.get(key(match));
    return !old || !sameMatch(old, match);
  });
  await ports.seekers.writeMatches(changed, removed);
  return removed.length;
}

/** A CloudWatch embedded-metric line: counts a dashboard can chart, ids only. */
function record(kind: 'job' | 'seeker', run: MatchingRun): void {
  logger.info(`Matched ${kind}`, {
    ...run,
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: 'UnionServices/Jobs', Dimensions: [['side']], Metrics: [{ Name: 'considered', Unit: 'Count' }, { Name: 'matched', Unit: 'Count' }] }],
    },
    side: kind,
  });
}

/**
 * Ranks the seekers a job fits, from the job as it stands (so a late or repeated event does
 * the same thing again).
 *
 * 1. Load the job and its kept matches. A job gone, closed or expired keeps none.
 * 2. Read only the seekers indexed under its trade in its city, and its trade province-wide:
 *    never every seeker of the province.
 * 3. Score each with `matchJob`; write the matches, remove the ones no longer true.
 */
export async function matchJobToSeekers(jobId: string, ports: MatcherPorts): Promise<MatchingRun> {
  const job = await ports.jobs.get(jobId);
  const existing = await ports.seekers.jobMatches(jobId);
  const open = job && statusAt(job, ports.clock.now()) === 'open';
  const candidates = open ? await ports.seekers.candidates(candidateKeysFor(job)) : [];
  const next = open ? candidates.flatMap((seeker) => stored(job, seeker) ?? []) : [];
  const run = { considered: candidates.length, matched: next.length, removed: await replace(existing, next, ports) };
  record('job', run);
  return run;
}

/**
 * Ranks the open jobs that fit a seeker, from the profile as it stands.
 *
 * 1. Load the profile and its kept matches; without a profile (erased) it keeps none.
 * 2. Read the newest open postings under each of its trades in each of its cities (or
 *    province-wide), at most {@link JOBS_PER_SEEKER_KEY} per key.
 * 3. Score each with `matchJob`; write the matches, remove the ones no longer true.
 */
export async function matchSeekerToJobs(workerId: string, ports: MatcherPorts): Promise<MatchingRun> {
  const profile = await ports.seekers.getProfile(workerId);
  const existing = await ports.seekers.seekerMatches(workerId);
  const jobs = new Map<string, Job>();
  const now = ports.clock.now();
  for (const partition of profile ? candidateJobPartitions(profile) : []) {
    for (const job of await ports.jobs.newest(partition, now, JOBS_PER_SEEKER_KEY)) jobs.set(job.id, job);
  }
  const next = profile ? [...jobs.values()].flatMap((job) => stored(job, profile) ?? []) : [];
  const run = { considered: jobs.size, matched: next.length, removed: await replace(existing, next, ports) };
  record('seeker', run);
  return run;
}
