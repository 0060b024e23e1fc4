import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A worker at a fair told an employer's booth they want one of its jobs (a hiring intention,
 * 求职意向). No worker id: org stats only count. Published by the jobs service.
 */
export const FairIntentionRecordedV1 = defineEvent(
  'FairIntentionRecorded',
  1,
  z.object({
    fairId: z.string(),
    orgId: z.string(),
    ancestors: z.array(z.string()),
    /** When the fair starts: the year it is counted in. */
    startsAt: z.iso.datetime(),
    jobId: z.string(),
    employerId: z.string(),
  }),
);

export type FairIntentionRecordedV1Data = EventData<typeof FairIntentionRecordedV1>;
