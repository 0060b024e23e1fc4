import { z } from 'zod';
import { WishStatusSchema, type WishCategory } from '../../../events/wish-transition.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { ForbiddenError } from '../../../shared/errors.js';
import type { Page } from '../../../shared/dynamo.js';
import { regionPrefix } from '../../../shared/region.js';
import { DONOR_VISIBLE, type Wish } from '../domain/wish.js';
import type { PageRequest, WishRepository } from '../repository.js';

export const PoolStatusSchema = WishStatusSchema;

/**
 * The anonymized pool for donors and staff.
 *
 * 1. Donors browse only what staff approved (open and after); other statuses are 403.
 * 2. Org staff see their subtree's campaigns; a province admin sees all.
 * 3. A 2- or 4-digit region is a prefix (province or city); a 6-digit one its significant prefix.
 */
export function listPool(
  query: PageRequest & { campaignId?: string; status: z.infer<typeof PoolStatusSchema>; category?: WishCategory; maxValueFen?: number; regionCode?: string },
  caller: Caller,
  ports: { wishes: Pick<WishRepository, 'pool'> },
): Promise<Page<Wish>> {
  if (caller.role === 'donor' && !DONOR_VISIBLE.includes(query.status)) {
    throw new ForbiddenError(`Donors see wishes that are ${DONOR_VISIBLE.join(', ')}`);
  }
  const region = query.regionCode === undefined ? undefined : query.regionCode.length === 6 ? regionPrefix(query.regionCode) : query.regionCode;
  return ports.wishes.pool(
    {
      status: query.status,
      ...(query.campaignId ? { campaignId: query.campaignId } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.maxValueFen !== undefined ? { maxValueFen: query.maxValueFen } : {}),
      ...(region ? { regionPrefix: region } : {}),
      ...(caller.role === 'org_admin' ? { scopeOrgId: caller.orgId } : {}),
    },
    query,
  );
}
