import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { JobInterestExpressedV1, type JobInterestExpressedV1Data } from '../../../events/job-interest-expressed.v1.js';
import { maskMobile } from '../../../shared/identity/mask.js';
import { MobileSchema } from '../../../shared/identity/mobile.js';
import { NotFoundError } from '../../../shared/errors.js';

/** `POST /v1/jobs/{jobId}/interest`: what the worker chooses to share with this job's employer. */
export const InterestInputSchema = z
  .strictObject({
    mobile: MobileSchema.optional().meta({ description: 'Shared with this job\'s employer only, and only once they accept' }),
    note: z.string().trim().min(1).max(200).optional(),
  })
  .default({});
export type InterestInput = z.infer<typeof InterestInputSchema>;

/**
 * A worker's expression of interest in a job. The mobile is sealed (encrypted under the
 * interest's ids) and shown masked until the employer accepts; erasure drops the worker id,
 * the seal and the note.
 */
export interface Interest {
  intentionId: string;
  jobId: string;
  workerId: string | null;
  /** The seeker as this job's employer knows them (the same pseudonym as in the job's matches). */
  seekerId: string;
  mobileMasked: string | null;
  contactSealed: string | null;
  note: string | null;
  status: 'pending' | 'accepted';
  createdAt: string;
  acceptedAt: string | null;
}

/** What the vault binds a sealed contact to: it opens only for this interest of this job. */
export const contactContext = (interest: Pick<Interest, 'jobId' | 'intentionId'>) => ({ jobId: interest.jobId, intentionId: interest.intentionId });

export function planInterest(
  input: InterestInput,
  context: { jobId: string; workerId: string; intentionId: string; seekerId: string; sealed: string | null; now: Date },
): Interest & { workerId: string } {
  return {
    intentionId: context.intentionId,
    jobId: context.jobId,
    workerId: context.workerId,
    seekerId: context.seekerId,
    mobileMasked: input.mobile ? maskMobile(input.mobile) : null,
    contactSealed: context.sealed,
    note: input.note ?? null,
    status: 'pending',
    createdAt: context.now.toISOString(),
    acceptedAt: null,
  };
}

/** What the job's employer is told of an interest: the job, the interest and the pseudonym; never the worker or the contact. */
export const interestEvent = (interest: Pick<Interest, 'jobId' | 'intentionId' | 'seekerId'>, employerId: string, context: { now: Date; province: string }): Envelope<JobInterestExpressedV1Data> =>
  envelope(JobInterestExpressedV1, { jobId: interest.jobId, employerId, intentionId: interest.intentionId, seekerId: interest.seekerId }, context);

export class IntentionNotFoundError extends NotFoundError {
  constructor(intentionId: string) {
    super(`No interest ${intentionId} in this job`);
  }
}
