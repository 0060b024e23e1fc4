import { FairIntentionRecordedV1 } from '../../../events/fair-intention-recorded.v1.js';
import { JobInterestExpressedV1 } from '../../../events/job-interest-expressed.v1.js';
import { RosterFinishedV1 } from '../../../events/roster-finished.v1.js';
import { WebhookDeliveryRequestedV1 } from '../../../events/webhook-delivery-requested.v1.js';
import { WishClaimExpiringV1 } from '../../../events/wish-claim-expiring.v1.js';
import { WishExpiredV1 } from '../../../events/wish-expired.v1.js';
import { WishFulfilledV1 } from '../../../events/wish-fulfilled.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { webhookPorts } from '../dependencies.js';
import type { WebhookMessage } from '../domain/delivery.js';
import { claimExpired, claimExpiring, intentionReceived, interestReceived, rosterFinished, wishFulfilled } from '../domain/events.js';
import { fanOut, handOver } from '../use-cases/deliveries.js';

const ports = webhookPorts();

const deliver = (message: WebhookMessage | null, eventId: string) => (message ? fanOut(message, eventId, ports) : Promise.resolve());

/** Events about accounts' resources become deliveries to the accounts that subscribed; requested deliveries go to the deliverer. */
export const handler = sqsConsumer([RosterFinishedV1, WishClaimExpiringV1, WishExpiredV1, WishFulfilledV1, JobInterestExpressedV1, FairIntentionRecordedV1, WebhookDeliveryRequestedV1], {
  RosterFinished: (data, event) => deliver(rosterFinished(data, event), event.id),
  WishClaimExpiring: (data, event) => deliver(claimExpiring(data, event), event.id),
  WishExpired: (data, event) => deliver(claimExpired(data, event), event.id),
  WishFulfilled: (data, event) => deliver(wishFulfilled(data, event), event.id),
  JobInterestExpressed: (data, event) => deliver(interestReceived(data, event), event.id),
  FairIntentionRecorded: (data, event) => deliver(intentionReceived(data, event), event.id),
  WebhookDeliveryRequested: ({ deliveryId }) => handOver(deliveryId, ports),
});
