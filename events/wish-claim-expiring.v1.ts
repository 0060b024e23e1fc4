import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';
import { WishCategorySchema } from './wish-transition.js';

/**
 * A donor's claim ends within a day unless the gift is delivered: sent once per claim by the
 * wishes service's expiry schedule. Not a transition (the wish stays claimed).
 */
export const WishClaimExpiringV1 = defineEvent('WishClaimExpiring', 1, z.object({
  wishId: z.string(),
  campaignId: z.string(),
  category: WishCategorySchema,
  valueFen: z.number().int().nonnegative(),
  /** The donor account holding the claim. */
  donorId: z.string(),
  claimedAt: z.iso.datetime(),
  claimExpiresAt: z.iso.datetime(),
}));

export type WishClaimExpiringV1Data = EventData<typeof WishClaimExpiringV1>;
