import { FairIntentionRecordedV1 } from '../../events/fair-intention-recorded.v1.js';
import { JobInterestExpressedV1 } from '../../events/job-interest-expressed.v1.js';
import { RosterFinishedV1 } from '../../events/roster-finished.v1.js';
import { WebhookDeliveryRequestedV1 } from '../../events/webhook-delivery-requested.v1.js';
import { WishClaimExpiringV1 } from '../../events/wish-claim-expiring.v1.js';
import { WishExpiredV1 } from '../../events/wish-expired.v1.js';
import { WishFulfilledV1 } from '../../events/wish-fulfilled.v1.js';
import { ACCOUNTS, defineService } from '../../shared/topology.js';

const tables = ['webhooks'] as const;

/**
 * Webhooks: signed, retried deliveries to partner, donor and employer accounts of the events
 * about their own resources, so machine clients need not poll. Learns of resources only from
 * events (which name the account concerned); each delivery is a task of its own on the
 * `webhookDeliveries` queue, so a slow receiver holds up nobody else's.
 */
export const webhooksService = defineService({
  name: 'webhooks',
  tables: {
    webhooks: {
      partitionKey: 'pk',
      sortKey: 'sk',
      ttl: 'expiresAt',
      // Manual retries and test pings go out through the outbox, written with the delivery.
      outbox: true,
      indexes: {
        deliveriesByAccount: { partitionKey: 'deliveryAccount', sortKey: 'listKey' },
        deliveriesByStatus: { partitionKey: 'accountStatus', sortKey: 'listKey' },
      },
    },
  },
  routes: [
    { method: 'PUT', path: '/v1/accounts/me/webhook', handler: 'webhooks/put-webhook', allow: ACCOUNTS, tables, pii: true },
    { method: 'GET', path: '/v1/accounts/me/webhook', handler: 'webhooks/get-webhook', allow: ACCOUNTS, tables },
    { method: 'DELETE', path: '/v1/accounts/me/webhook', handler: 'webhooks/delete-webhook', allow: ACCOUNTS, tables },
    { method: 'GET', path: '/v1/accounts/me/webhook/deliveries', handler: 'webhooks/list-deliveries', allow: ACCOUNTS, tables, pages: true },
    { method: 'POST', path: '/v1/accounts/me/webhook/deliveries/{deliveryId}/retry', handler: 'webhooks/retry-delivery', allow: ACCOUNTS, tables },
    { method: 'POST', path: '/v1/accounts/me/webhook/test', handler: 'webhooks/send-test', allow: ACCOUNTS, tables },
  ],
  consumers: {
    // Turns events into deliveries for the accounts they concern, and hands each to the deliverer.
    webhookEvents: {
      handler: 'webhooks/fan-out-events',
      events: [RosterFinishedV1.type, WishClaimExpiringV1.type, WishExpiredV1.type, WishFulfilledV1.type, JobInterestExpressedV1.type, FairIntentionRecordedV1.type, WebhookDeliveryRequestedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      tables,
      sendsTasksTo: ['webhookDeliveries'],
    },
    // One delivery per message: an attempt waits on one receiver only (10 s at most), and
    // several copies run at once, so a dead receiver delays nobody else's deliveries. A retry
    // is the same task sent again with a delay (15 minutes a hop at most).
    webhookDeliveries: {
      handler: 'webhooks/deliver',
      events: [],
      takesTasks: true,
      batchSize: 1,
      // The function gets a sixth: 20 s, room for the 10 s attempt, the secret and the writes.
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 5,
      maxConcurrency: 10,
      tables,
      pii: true,
      sendsTasksTo: ['webhookDeliveries'],
    },
  },
  schedules: {},
});
