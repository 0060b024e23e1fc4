import { z } from 'zod';

/** Every status a micro-wish (微心愿) can be in (api.md, Micro-wishes). */
export const WishStatusSchema = z.enum(['pending_review', 'open', 'claimed', 'delivered', 'fulfilled', 'rejected', 'withdrawn']);
export type WishStatus = z.infer<typeof WishStatusSchema>;

export const WishCategorySchema = z.enum(['appliance', 'education', 'health', 'family', 'daily', 'other']);
export type WishCategory = z.infer<typeof WishCategorySchema>;

/**
 * What every wish event carries: which wish moved from which status to which, in which
 * campaign and org (with the org's ancestors, so projections roll figures up the tree), and
 * its category and value. No worker id and no free text: consumers that need the wish's
 * worker read their own table.
 */
export const WishTransitionSchema = z.object({
  wishId: z.string(),
  campaignId: z.string(),
  /** The org running the campaign. */
  orgId: z.string(),
  /** Ids from the root down to the org's parent. */
  ancestors: z.array(z.string()),
  category: WishCategorySchema,
  valueFen: z.number().int().nonnegative(),
  from: WishStatusSchema.nullable(),
  to: WishStatusSchema,
});

export type WishTransition = z.infer<typeof WishTransitionSchema>;
