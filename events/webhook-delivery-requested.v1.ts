import { z } from 'zod';
import { defineEvent, type EventData } from './envelope.js';

/**
 * An account asked for a webhook delivery to be attempted now (a manual retry or a test ping):
 * written with the delivery in one transaction so the request cannot be lost. Webhooks
 * service, internal.
 */
export const WebhookDeliveryRequestedV1 = defineEvent('WebhookDeliveryRequested', 1, z.object({
  deliveryId: z.string(),
  accountId: z.string(),
}));

export type WebhookDeliveryRequestedV1Data = EventData<typeof WebhookDeliveryRequestedV1>;
