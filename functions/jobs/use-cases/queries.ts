import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { Page } from '../../../shared/dynamo.js';
import type { Clock } from '../../../shared/ports.js';
import type { Fair } from '../domain/fair.js';
import { JobNotFoundError, type Job } from '../domain/job.js';
import type { SeekerProfile } from '../domain/seeker.js';
import type { FairRepository } from '../fair-repository.js';
import type { JobRepository } from '../job-repository.js';
import type { OrgTree } from '../org-tree.js';
import type { SeekerRepository } from '../seeker-repository.js';

const DAY_MS = 86_400_000;

/** A posting, open, closed or expired: public to every credential. */
export async function getJob(jobId: string, ports: { jobs: Pick<JobRepository, 'get'> }): Promise<Job> {
  const job = await ports.jobs.get(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  return job;
}

/** The worker's own job-seeker profile; 404 until they put one. */
export async function myProfile(workerId: string, ports: { seekers: Pick<SeekerRepository, 'getProfile'> }): Promise<SeekerProfile> {
  const profile = await ports.seekers.getProfile(workerId);
  if (!profile) throw new NotFoundError('You have no job-seeker profile yet; PUT one');
  return profile;
}

/** Fairs starting from `from` (by default a day ago, so today's running fairs show), soonest first; of one org or the province's. */
export function listFairs(
  query: { orgId?: string; from?: string; limit: number; cursor?: string },
  ports: { fairs: Pick<FairRepository, 'list'>; clock: Clock },
): Promise<Page<Fair>> {
  const from = query.from ? new Date(query.from) : new Date(ports.clock.now().getTime() - DAY_MS);
  return ports.fairs.list({ orgId: query.orgId, from: from.toISOString() }, { limit: query.limit, cursor: query.cursor });
}

/** An erased worker's profile, index items and matches go; their interests stay counted, unlinked. */
export const forgetSeeker = (workerId: string, ports: { seekers: Pick<SeekerRepository, 'erase'> }): Promise<void> => ports.seekers.erase(workerId);

/** Keeps the service's copy of the org tree, for the scope of fairs. */
export const recordOrg = (org: OrgCreatedV1Data, ports: { orgs: Pick<OrgTree, 'add'> }): Promise<void> => ports.orgs.add(org);
