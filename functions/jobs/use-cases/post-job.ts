import type { Clock, Ids } from '../../../shared/ports.js';
import { planPosting, type Job, type JobInput } from '../domain/job.js';
import type { JobRepository } from '../job-repository.js';

export interface PostJobPorts {
  jobs: Pick<JobRepository, 'create'>;
  clock: Clock;
  ids: Ids;
  province: string;
}

/**
 * An employer posts a job.
 *
 * 1. Decide with `planPosting`: the region lies in the province, the expiry is ahead, the dates
 *    are in order; the job opens with version 1.
 * 2. Write the job, one search index item per key it can be found by, and `JobPosted`, in one
 *    transaction: it is searchable the moment this answers, and the matcher hears of it.
 */
export async function postJob(input: JobInput, employer: { accountId: string; name: string }, ports: PostJobPorts): Promise<Job> {
  const { job, event } = planPosting(input, {
    employerId: employer.accountId,
    employerName: employer.name,
    id: ports.ids.next('job'),
    now: ports.clock.now(),
    province: ports.province,
  });
  await ports.jobs.create(job, event);
  return job;
}
