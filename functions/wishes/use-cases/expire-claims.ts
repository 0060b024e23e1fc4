import { WishStateError } from '../domain/errors.js';
import { expire } from '../domain/wish.js';
import type { WishPorts } from './ports.js';
import { changeWish } from './transitions.js';

/** Claims expired by one run at most; the next run takes the rest. */
const BATCH = 200;

/**
 * Donor claims not delivered within their hold go back to the pool.
 *
 * 1. Find due claims through the `claimsByExpiry` index (claims that can expire, by expiry).
 * 2. Expire each as a transition of its own; one delivered or released meanwhile is skipped.
 */
export async function expireClaims(now: Date, ports: Pick<WishPorts, 'wishes' | 'province'>): Promise<{ expired: number }> {
  const clock = { now: () => now };
  let expired = 0;
  for (const wishId of await ports.wishes.dueClaims(now, BATCH)) {
    try {
      await changeWish(wishId, null, (wish, context) => expire(wish, context), { ...ports, clock });
      expired++;
    } catch (error) {
      if (!(error instanceof WishStateError)) throw error;
    }
  }
  return { expired };
}
