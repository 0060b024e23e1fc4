import type { Envelope } from '../../../events/envelope.js';
import type { WishTransition } from '../../../events/wish-transition.js';
import { notificationFor } from '../domain/notification.js';
import type { WishRepository } from '../repository.js';

/**
 * What a wish event changes in the wishes service's own views.
 *
 * 1. Move the campaign's per-status counts, once per event.
 * 2. Tell the wish's worker in their inbox (read from the wish, and written only while the
 *    wish still names them, so a worker erased before or during this is told nothing); the
 *    notification's id comes from the event, so a redelivery adds nothing.
 */
export async function projectWishEvent(event: Envelope<WishTransition>, ports: { wishes: Pick<WishRepository, 'countTransition' | 'getWish' | 'notify'> }): Promise<void> {
  await ports.wishes.countTransition(event.id, event.data);
  const wish = await ports.wishes.getWish(event.data.wishId);
  if (!wish?.workerId) return;
  const notification = notificationFor(event, wish);
  if (notification) await ports.wishes.notify(wish, notification);
}
