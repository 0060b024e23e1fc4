import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** Staff funded an open wish from the campaign budget: the union holds the claim, which never expires. Published by the wishes service. */
export const WishFundedV1 = defineEvent('WishFunded', 1, WishTransitionSchema.extend({
  /** The org paying from the campaign budget. */
  fundedBy: z.string(),
}));

export type WishFundedV1Data = EventData<typeof WishFundedV1>;
