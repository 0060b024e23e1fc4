import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** The member left or was erased: the wish is withdrawn, and a donor holding its claim is told. Published by the wishes service. */
export const WishWithdrawnV1 = defineEvent('WishWithdrawn', 1, WishTransitionSchema.extend({
  /** The donor holding the claim when it was withdrawn, if any. */
  donorId: z.string().optional(),
}));

export type WishWithdrawnV1Data = EventData<typeof WishWithdrawnV1>;
