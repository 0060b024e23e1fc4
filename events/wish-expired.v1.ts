import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** A donor claim was not delivered within the campaign hold days: the wish is back in the pool. Published by the wishes service. */
export const WishExpiredV1 = defineEvent('WishExpired', 1, WishTransitionSchema.extend({
  donorId: z.string(),
}));

export type WishExpiredV1Data = EventData<typeof WishExpiredV1>;
