import { z } from 'zod';
import { defineEvent } from './envelope.js';

/** A partner finished uploading a roster; its chunks wait to be applied. Rosters service, internal. */
export const RosterCompletedV1Schema = z.object({
  rosterId: z.string(),
  partnerId: z.string(),
  mode: z.enum(['snapshot', 'delta']),
  chunks: z.number().int().positive(),
});

export type RosterCompletedV1Data = z.infer<typeof RosterCompletedV1Schema>;

export const RosterCompletedV1 = defineEvent('RosterCompleted', 1, RosterCompletedV1Schema);
