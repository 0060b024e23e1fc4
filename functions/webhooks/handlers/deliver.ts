import { z } from 'zod';
import { taskConsumer } from '../../../shared/events/consumer.js';
import { logger } from '../../../shared/logger.js';
import { webhookPorts } from '../dependencies.js';
import { attemptDelivery } from '../use-cases/deliveries.js';

const ports = webhookPorts();

export const DeliveryTaskSchema = z.object({ deliveryId: z.string() });

/** One attempt of one delivery. Logs ids, statuses and attempts; never a URL's secret, a body or a signature. */
export const handler = taskConsumer(DeliveryTaskSchema, async ({ deliveryId }) => {
  const delivery = await attemptDelivery(deliveryId, ports);
  if (delivery) logger.info('Webhook delivery', { deliveryId, status: delivery.status, attempts: delivery.attempts, lastStatusCode: delivery.lastStatusCode });
});
