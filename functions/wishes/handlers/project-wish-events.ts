import type { Envelope } from '../../../events/envelope.js';
import type { WishTransition } from '../../../events/wish-transition.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { wishPorts } from '../dependencies.js';
import { wishEvents } from '../service.js';
import { projectWishEvent } from '../use-cases/project-wish-event.js';

const ports = wishPorts();

const project = (data: WishTransition, event: Envelope) => projectWishEvent({ ...event, data }, ports);

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
