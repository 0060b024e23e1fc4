import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import type { Delivery } from './domain/delivery.js';
import { WebhookEventNameSchema, type Subscription } from './domain/subscription.js';

export const WebhookInputSchema = z.strictObject({
  url: z.string().min(1).max(2048).meta({ description: 'https to a public host (the local runtime also takes http://127.0.0.1:<port>)' }),
  events: z.array(WebhookEventNameSchema).min(1).max(20).optional().meta({ description: 'Which events to send; every event about your kind of account when left out' }),
});

export const WebhookSchema = z
  .strictObject({ url: z.string(), events: z.array(WebhookEventNameSchema), updatedAt: z.string() })
  .meta({ id: 'Webhook' });

export const WebhookWithSecretSchema = z
  .strictObject({
    url: z.string(),
    events: z.array(WebhookEventNameSchema),
    secret: z.string().meta({ description: 'whsec_ and base64 of the HMAC key (Standard Webhooks); shown only here' }),
  })
  .meta({ id: 'WebhookWithSecret' });

export const DeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);

export const DeliverySchema = z
  .strictObject({
    id: z.string().meta({ description: 'The Webhook-Id: the same on every attempt; receivers dedupe on it' }),
    type: z.union([WebhookEventNameSchema, z.literal('ping')]),
    status: DeliveryStatusSchema,
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryPageSchema = pageOf(DeliverySchema, 'WebhookDeliveryPage');

export const AcceptedDeliverySchema = z.strictObject({ id: z.string(), status: DeliveryStatusSchema }).meta({ id: 'AcceptedWebhookDelivery' });

export const webhookView = (subscription: Subscription) => ({ url: subscription.url, events: subscription.events, updatedAt: subscription.updatedAt });

export const deliveryView = (delivery: Delivery) => ({
  id: delivery.id,
  type: delivery.type,
  status: delivery.status,
  attempts: delivery.attempts,
  lastStatusCode: delivery.lastStatusCode,
  lastError: delivery.lastError,
  nextAttemptAt: delivery.nextAttemptAt,
  createdAt: delivery.createdAt,
});
