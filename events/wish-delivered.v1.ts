import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** The gift was handed to the organizing union or to a pickup station. Published by the wishes service. */
export const WishDeliveredV1 = defineEvent('WishDelivered', 1, WishTransitionSchema.extend({
  claimKind: z.enum(['donor', 'union']),
  /** Where the gift went: the organizing union, or a pickup station. */
  deliveredTo: z.enum(['org', 'station']),
}));

export type WishDeliveredV1Data = EventData<typeof WishDeliveredV1>;
