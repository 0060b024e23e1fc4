import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/** An employer edited an open posting; `version` grows with every edit. Published by the jobs service. */
export const JobUpdatedV1 = defineEvent(
  'JobUpdated',
  1,
  z.object({
    jobId: z.string(),
    employerId: z.string(),
    trade: z.string(),
    regionCode: z.string(),
    headcount: z.number().int().positive(),
    version: z.number().int().positive(),
  }),
);

export type JobUpdatedV1Data = EventData<typeof JobUpdatedV1>;
