import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/** An employer closed a posting: it left search at once and its matches go. Published by the jobs service. */
export const JobClosedV1 = defineEvent(
  'JobClosed',
  1,
  z.object({
    jobId: z.string(),
    employerId: z.string(),
  }),
);

export type JobClosedV1Data = EventData<typeof JobClosedV1>;
