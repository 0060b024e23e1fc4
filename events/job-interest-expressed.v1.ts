import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A worker expressed interest in a job. No worker id and no contact: the employer knows the
 * worker by the job's pseudonym (`seekerId`) and opens the shared contact through the API.
 * Published by the jobs service; the webhooks service tells the employer.
 */
export const JobInterestExpressedV1 = defineEvent('JobInterestExpressed', 1, z.object({
  jobId: z.string(),
  /** The employer account that posted the job. */
  employerId: z.string(),
  intentionId: z.string(),
  seekerId: z.string(),
}));

export type JobInterestExpressedV1Data = EventData<typeof JobInterestExpressedV1>;
