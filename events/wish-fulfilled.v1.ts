import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** The worker (or staff) confirmed receipt: the wish is fulfilled. Published by the wishes service. */
export const WishFulfilledV1 = defineEvent('WishFulfilled', 1, WishTransitionSchema.extend({
  claimKind: z.enum(['donor', 'union']),
  /** The donor account for a donor claim, absent for a union-funded wish. */
  donorId: z.string().optional(),
  fulfilledAt: z.iso.datetime(),
  thanked: z.boolean(),
  /** The worker's words of thanks, for the donor (`wish.fulfilled` webhooks); added later, so optional. */
  thanks: z.string().max(500).optional(),
}));

export type WishFulfilledV1Data = EventData<typeof WishFulfilledV1>;
