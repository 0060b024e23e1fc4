import type { Page } from '../../../shared/dynamo.js';
import type { Clock } from '../../../shared/ports.js';
import { privateJob, statusAt, type Job } from '../domain/job.js';
import type { JobRepository } from '../job-repository.js';
import type { SeekerRepository, StoredMatch } from '../seeker-repository.js';

export interface ListMatchesPorts {
  jobs: Pick<JobRepository, 'get' | 'getMany'>;
  seekers: Pick<SeekerRepository, 'listSeekerMatches' | 'listJobMatches'>;
  clock: Clock;
}

type PageQuery = { limit: number; cursor?: string };

/**
 * A worker's matches, best first, each with its job as it stands now.
 *
 * 1. Read a page of the worker's ranked matches.
 * 2. Read their jobs in one batch; jobs closed or expired since matching are left out (the
 *    matcher removes their matches shortly).
 */
export async function listSeekerMatches(workerId: string, page: PageQuery, ports: ListMatchesPorts): Promise<Page<StoredMatch & { job: Job }>> {
  const matches = await ports.seekers.listSeekerMatches(workerId, page);
  const jobs = await ports.jobs.getMany(matches.items.map((match) => match.jobId));
  const now = ports.clock.now();
  const items = matches.items.flatMap((match) => {
    const job = jobs.get(match.jobId);
    return job && statusAt(job, now) === 'open' ? [{ ...match, job }] : [];
  });
  return { items, nextCursor: matches.nextCursor };
}

/**
 * The seekers matched to a job, best first, under pseudonyms: for the job's employer only
 * (another employer's job is not found).
 */
export async function listJobMatches(jobId: string, employerId: string, page: PageQuery, ports: ListMatchesPorts): Promise<Page<StoredMatch>> {
  const job = privateJob(await ports.jobs.get(jobId), jobId, employerId);
  if (job.status === 'closed') return { items: [], nextCursor: null };
  return ports.seekers.listJobMatches(job.id, page);
}
