import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** The claimer released a claimed wish back to the pool (a union-funded one returns its value to the budget). Published by the wishes service. */
export const WishReleasedV1 = defineEvent('WishReleased', 1, WishTransitionSchema.extend({
  claimKind: z.enum(['donor', 'union']),
  /** The donor account or the funding org that held the claim. */
  releasedBy: z.string(),
}));

export type WishReleasedV1Data = EventData<typeof WishReleasedV1>;
