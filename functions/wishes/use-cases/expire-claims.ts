import { WishStateError } from '../domain/errors.js';
import { expire, remindClaim, type Context, type Wish, type WishChange } from '../domain/wish.js';
import type { WishPorts } from './ports.js';
import { changeWish } from './transitions.js';

/** Claims expired (and reminders sent) by one run at most; the next run takes the rest. */
const BATCH = 200;

type SchedulePorts = Pick<WishPorts, 'wishes' | 'province'>;

/** Applies `decide` to each wish as a change of its own; one that moved meanwhile (a WishStateError) is skipped. */
async function changeEach(wishIds: readonly string[], decide: (wish: Wish, context: Context) => WishChange, now: Date, ports: SchedulePorts): Promise<number> {
  const clock = { now: () => now };
  let changed = 0;
  for (const wishId of wishIds) {
    try {
      await changeWish(wishId, null, decide, { ...ports, clock });
      changed++;
    } catch (error) {
      if (!(error instanceof WishStateError)) throw error;
    }
  }
  return changed;
}

/**
 * Donor claims not delivered within their hold go back to the pool; a day before, their donor
 * is reminded (`WishClaimExpiring`, once per claim).
 *
 * 1. Find due claims through the `claimsByExpiry` index (claims that can expire, by expiry).
 * 2. Expire each as a transition of its own; one delivered or released meanwhile is skipped.
 * 3. Find claims whose reminder is due through the sparse `claimReminders` index (claims not
 *    yet reminded, by when the reminder is due): remind each in a change of its own that marks
 *    the claim reminded and stores the event, on condition the wish is as read. The mark takes
 *    the claim out of the index, so a run that died after it never reminds twice.
 */
export async function expireClaims(now: Date, ports: SchedulePorts): Promise<{ expired: number; reminded: number }> {
  const expired = await changeEach(await ports.wishes.dueClaims(now, BATCH), expire, now, ports);
  const reminded = await changeEach(await ports.wishes.dueReminders(now, BATCH), remindClaim, now, ports);
  return { expired, reminded };
}
