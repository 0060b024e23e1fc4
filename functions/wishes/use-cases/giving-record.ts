import type { Page } from '../../../shared/dynamo.js';
import type { Wish } from '../domain/wish.js';
import type { DonorClaims, PageRequest, WishRepository } from '../repository.js';

const GIVEN = new Set(['delivered', 'fulfilled']);

/**
 * A donor's giving record.
 *
 * 1. A page of its claims, newest first (withdrawn ones stay: that is how the donor is told).
 * 2. Totals over every gift it delivered (delivered or fulfilled), and its undelivered claims.
 */
export async function givingRecord(
  donorId: string,
  request: PageRequest,
  ports: { wishes: Pick<WishRepository, 'donorWishes' | 'allDonorWishes' | 'getDonor'> },
): Promise<{ page: Page<Wish>; totals: { count: number; valueFen: number }; claims: DonorClaims }> {
  const [page, all, claims] = await Promise.all([ports.wishes.donorWishes(donorId, request), ports.wishes.allDonorWishes(donorId), ports.wishes.getDonor(donorId)]);
  const given = all.filter((wish) => GIVEN.has(wish.status));
  return { page, totals: { count: given.length, valueFen: given.reduce((sum, wish) => sum + wish.valueFen, 0) }, claims };
}
