import type { Clock } from '../../../shared/ports.js';
import { ownJob, planClose, planEdit, type Job, type JobInput } from '../domain/job.js';
import type { JobRepository } from '../job-repository.js';

export interface ChangeJobPorts {
  jobs: Pick<JobRepository, 'get' | 'replace'>;
  clock: Clock;
  province: string;
}

/** What an employer does to its posting: replace its fields, or close it. */
export type JobChange = { kind: 'edit'; input: JobInput } | { kind: 'close' };

/**
 * An employer edits or closes its own posting.
 *
 * 1. Load the job; another employer's job is visible but not theirs to change (403), a missing
 *    one is 404.
 * 2. Decide with `planEdit` or `planClose`: a closed job changes no more (409).
 * 3. Write the job, its rewritten index items (none once closed, so it leaves search at once),
 *    the positions of fairs that show it, and `JobUpdated` or `JobClosed`, in one transaction
 *    conditioned on the version read (a concurrent change is a 409, never a lost write).
 */
export async function changeJob(jobId: string, change: JobChange, employerId: string, ports: ChangeJobPorts): Promise<Job> {
  const job = ownJob(await ports.jobs.get(jobId), jobId, employerId);
  const context = { now: ports.clock.now(), province: ports.province };
  const { job: next, event } = change.kind === 'edit' ? planEdit(job, change.input, context) : planClose(job, context);
  await ports.jobs.replace(job, next, event);
  return next;
}
