import { z } from 'zod';
import type { AuditLog } from '../../../shared/audit.js';
import type { CallerOfRole } from '../../../shared/auth/caller.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import type { Page } from '../../../shared/dynamo.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import { contactContext, IntentionNotFoundError, interestEvent, planInterest, type Interest, type InterestInput } from '../domain/interest.js';
import { JobNotFoundError, JobNotOpenError, privateJob, statusAt } from '../domain/job.js';
import { seekerPseudonym } from '../domain/seeker.js';
import type { JobRepository } from '../job-repository.js';
import type { SeekerRepository } from '../seeker-repository.js';

type Employer = CallerOfRole<'employer'>;

export interface InterestPorts {
  jobs: Pick<JobRepository, 'get' | 'addInterest' | 'getInterest' | 'listInterests' | 'acceptInterest'>;
  seekers: Pick<SeekerRepository, 'getProfile'>;
  vault: Pick<PiiVault, 'encrypt' | 'decrypt'>;
  /** Where an employer's opening of shared contacts is recorded. */
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  province: string;
}

/**
 * A worker tells a job's employer they are interested, sharing a mobile if they choose.
 *
 * 1. Load the job: a missing one is 404, one closed or expired 409.
 * 2. The worker's pseudonym for this job is the one its matches show (a fresh one without a
 *    profile); the mobile is sealed under this interest's ids and kept masked beside it.
 * 3. Write the interest, the worker's once-per-job marker and `JobInterestExpressed` (for the
 *    employer's webhook) in one transaction, on the conditions that the job is still open and
 *    the worker has not expressed interest (409).
 */
export async function expressInterest(jobId: string, input: InterestInput, workerId: string, ports: InterestPorts): Promise<Interest> {
  const job = await ports.jobs.get(jobId);
  const now = ports.clock.now();
  if (!job) throw new JobNotFoundError(jobId);
  if (statusAt(job, now) !== 'open') throw new JobNotOpenError(jobId, statusAt(job, now));
  const profile = await ports.seekers.getProfile(workerId);
  const intentionId = ports.ids.next('int');
  const sealed = input.mobile ? await ports.vault.encrypt(JSON.stringify({ mobile: input.mobile }), contactContext({ jobId, intentionId })) : null;
  const seekerId = profile ? seekerPseudonym(profile, jobId) : ports.ids.next('skr');
  const interest = planInterest(input, { jobId, workerId, intentionId, seekerId, sealed, now });
  await ports.jobs.addInterest(interest, now, interestEvent(interest, job.employerId, { now, province: ports.province }));
  return interest;
}

const SealedContactSchema = z.object({ mobile: z.string() });

async function openContact(interest: Interest, vault: InterestPorts['vault']): Promise<string | null> {
  if (!interest.contactSealed) return interest.mobileMasked;
  return SealedContactSchema.parse(JSON.parse(await vault.decrypt(interest.contactSealed, contactContext(interest)))).mobile;
}

/**
 * The workers interested in a job, for its employer only (another's job is not found): mobiles
 * masked, except for the interests the employer accepted, whose contact is opened and the
 * opening recorded in the audit log.
 */
export async function listInterests(
  jobId: string,
  employer: Employer,
  page: { limit: number; cursor?: string },
  ports: InterestPorts,
): Promise<Page<{ interest: Interest; mobile: string | null }>> {
  privateJob(await ports.jobs.get(jobId), jobId, employer.accountId);
  const interests = await ports.jobs.listInterests(jobId, page);
  const opened = interests.items.filter((interest) => interest.status === 'accepted' && interest.contactSealed);
  if (opened.length > 0) await ports.audit.record({ action: 'contacts.reveal', actor: employer, subjects: opened.map((interest) => interest.intentionId) });
  const items = await Promise.all(
    interests.items.map(async (interest) => ({ interest, mobile: interest.status === 'accepted' ? await openContact(interest, ports.vault) : interest.mobileMasked })),
  );
  return { items, nextCursor: interests.nextCursor };
}

/**
 * The employer accepts an interest and sees the contact the worker shared, for this job only.
 *
 * 1. Load the job (another employer's is not found) and the interest (404 if not of this job).
 * 2. Mark it accepted (accepting again changes nothing), record the opening of a shared contact
 *    in the audit log, and open it.
 */
export async function acceptInterest(jobId: string, intentionId: string, employer: Employer, ports: InterestPorts): Promise<{ interest: Interest; mobile: string | null }> {
  privateJob(await ports.jobs.get(jobId), jobId, employer.accountId);
  const interest = await ports.jobs.getInterest(jobId, intentionId);
  if (!interest) throw new IntentionNotFoundError(intentionId);
  const now = ports.clock.now();
  await ports.jobs.acceptInterest(jobId, intentionId, now);
  const accepted: Interest = { ...interest, status: 'accepted', acceptedAt: interest.acceptedAt ?? now.toISOString() };
  if (accepted.contactSealed) await ports.audit.record({ action: 'contacts.reveal', actor: employer, subjects: [intentionId] });
  return { interest: accepted, mobile: await openContact(accepted, ports.vault) };
}
