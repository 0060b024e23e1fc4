import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/** A union scheduled a job fair (招聘会). `ancestors` lets org stats roll fairs up the tree. Published by the jobs service. */
export const FairScheduledV1 = defineEvent(
  'FairScheduled',
  1,
  z.object({
    fairId: z.string(),
    orgId: z.string(),
    /** Ids from the root down to the organizing org's parent. */
    ancestors: z.array(z.string()),
    startsAt: z.iso.datetime(),
    online: z.boolean(),
  }),
);

export type FairScheduledV1Data = EventData<typeof FairScheduledV1>;
