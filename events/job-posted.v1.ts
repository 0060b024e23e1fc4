import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * An employer posted a job (零工市场). Carries no personal data: what consumers key and route
 * by. The matcher reads the posting itself, so a late or repeated event still matches against
 * the posting as it stands. Published by the jobs service.
 */
export const JobPostedV1 = defineEvent(
  'JobPosted',
  1,
  z.object({
    jobId: z.string(),
    employerId: z.string(),
    trade: z.string(),
    /** GB/T 2260 code of where the work is. */
    regionCode: z.string(),
    headcount: z.number().int().positive(),
  }),
);

export type JobPostedV1Data = EventData<typeof JobPostedV1>;
