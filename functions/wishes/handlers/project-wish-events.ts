import type { Envelope } from '../../../events/envelope.js';
import type { WishTransition } from '../../../events/wish-transition.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { wishPorts } from '../dependencies.js';
import { notificationFor } from '../domain/notification.js';
import { wishEvents } from '../service.js';

const ports = wishPorts();

/**
 * 1. Moves the campaign's per-status counts, once per event.
 * 2. Tells the wish's worker in their inbox (read from the wish, so an erased worker, whose
 *    link is gone, is told nothing); the notification's id comes from the event, so a
 *    redelivery adds nothing.
 */
async function project(data: WishTransition, event: Envelope): Promise<void> {
  await ports.wishes.countTransition(event.id, data);
  const wish = await ports.wishes.getWish(data.wishId);
  if (!wish?.workerId) return;
  const notification = notificationFor({ ...event, data }, wish);
  if (notification) await ports.wishes.notify(wish.workerId, notification);
}

export const handler = sqsConsumer(wishEvents, {
  WishSubmitted: project,
  WishOpened: project,
  WishRejected: project,
  WishClaimed: project,
  WishFunded: project,
  WishReleased: project,
  WishExpired: project,
  WishDelivered: project,
  WishFulfilled: project,
  WishWithdrawn: project,
});
