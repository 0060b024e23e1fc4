import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishTransitionSchema } from './wish-transition.js';

/** A donor claimed an open wish (认领); it is held for the donor until claimExpiresAt. Published by the wishes service. */
export const WishClaimedV1 = defineEvent('WishClaimed', 1, WishTransitionSchema.extend({
  /** The donor account. */
  donorId: z.string(),
  claimExpiresAt: z.iso.datetime(),
}));

export type WishClaimedV1Data = EventData<typeof WishClaimedV1>;
