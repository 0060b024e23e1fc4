import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * A roster left processing for good: every row applied (`completed`), or given up on with the
 * reason the partner reads (`failed`: a chunk that cannot be read, a roster stalled or never
 * completed). Published by the rosters service; the webhooks service tells the partner.
 */
export const RosterFinishedV1 = defineEvent('RosterFinished', 1, z.object({
  rosterId: z.string(),
  /** The partner account that pushed it. */
  partnerId: z.string(),
  mode: z.enum(['snapshot', 'delta']),
  status: z.enum(['completed', 'failed']),
  /** Why it failed; absent when completed. */
  reason: z.string().optional(),
}));

export type RosterFinishedV1Data = EventData<typeof RosterFinishedV1>;
