import { businessMetrics } from '../../../shared/metrics.js';
import { envelope } from '../../../events/envelope.js';
import { WebhookDeliveryRequestedV1 } from '../../../events/webhook-delivery-requested.v1.js';
import type { AccountCaller } from '../../../shared/auth/caller.js';
import { DomainError } from '../../../shared/errors.js';
import type { Page } from '../../../shared/dynamo.js';
import { checkTarget } from '../domain/address.js';
import {
  abandoned,
  afterAttempt,
  DeliveryNotFoundError,
  deliveryIdOf,
  newDelivery,
  NoWebhookError,
  retried,
  secondsUntilDue,
  type AttemptOutcome,
  type Delivery,
  type DeliveryStatus,
  type WebhookMessage,
} from '../domain/delivery.js';
import { signedHeaders } from '../domain/signature.js';
import { secretContext } from '../domain/subscription.js';
import type { WebhookPorts } from './ports.js';

/** A receiver has this long to answer (api.md, Webhooks). */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** SQS delays a message 15 minutes at most: a longer wait is several hops. */
const MAX_DELAY_SECONDS = 900;

/**
 * An event about an account's resource becomes a delivery, if the account subscribed to it.
 *
 * 1. Read the account's webhook; without one, or not subscribed to this event, nothing.
 * 2. Write the delivery under an id derived from the event and the account, on condition it
 *    is new: the event delivered twice makes one delivery (and one `Webhook-Id`).
 * 3. Hand it to the deliverer while it is pending, also when it existed: a consumer that died
 *    between writing and sending sends it now (a task more is harmless: attempts are recorded
 *    on condition, and receivers dedupe on the id).
 */
export async function fanOut(message: WebhookMessage, eventId: string, ports: Pick<WebhookPorts, 'webhooks' | 'tasks' | 'clock'>): Promise<void> {
  const subscription = await ports.webhooks.getSubscription(message.accountId);
  if (!subscription || message.type === 'ping' || !subscription.events.includes(message.type)) return;
  const delivery = newDelivery(deliveryIdOf(eventId, message.accountId), message, ports.clock.now());
  const stored = (await ports.webhooks.createDelivery(delivery)) ? delivery : await ports.webhooks.getDelivery(delivery.id);
  if (stored?.status === 'pending') await ports.tasks.send([stored.id]);
}

/** A delivery an account asked for (a retry, a ping) reaches the deliverer. */
export const handOver = (deliveryId: string, ports: Pick<WebhookPorts, 'tasks'>) => ports.tasks.send([deliveryId]);

/**
 * One attempt of one delivery: a task of the `webhookDeliveries` queue.
 *
 * 1. Load the delivery; one no longer pending is done (the task came twice, or late).
 * 2. Not due yet (a retry longer than one queue delay): send the task again for the rest.
 * 3. Without a webhook any more, fail it. Otherwise check the URL again (its host may resolve
 *    elsewhere now) and POST the signed body to the address checked, within 10 seconds; a
 *    refused address is a failed attempt, with no connection made.
 * 4. Record the outcome on condition no other attempt was recorded meanwhile: delivered, due
 *    again after the backoff, or failed after 24 hours. If due again, send the task with the
 *    delay (the first hop of it). A delivery this attempt marked failed is counted.
 */
export async function attemptDelivery(deliveryId: string, ports: WebhookPorts): Promise<Delivery | undefined> {
  const delivery = await ports.webhooks.getDelivery(deliveryId);
  if (delivery?.status !== 'pending') return delivery;
  const wait = secondsUntilDue(delivery, ports.clock.now());
  if (wait > 0) {
    await ports.tasks.send([delivery.id], Math.min(wait, MAX_DELAY_SECONDS));
    return delivery;
  }
  const subscription = await ports.webhooks.getSubscription(delivery.accountId);
  if (!subscription) {
    if (await ports.webhooks.recordAttempt(delivery, abandoned(delivery, 'the account removed its webhook', ports.clock.now()))) ports.metrics.count(businessMetrics.webhookDeliveryFailed);
    return undefined;
  }
  const outcome = await post(delivery, subscription.url, subscription.sealedSecret, ports);
  const after = afterAttempt(delivery, outcome, ports.clock.now(), ports.random(), ports.retry);
  if (!(await ports.webhooks.recordAttempt(delivery, after))) return undefined;
  if (after.status === 'failed') ports.metrics.count(businessMetrics.webhookDeliveryFailed);
  if (after.status === 'pending') await ports.tasks.send([after.id], Math.min(secondsUntilDue(after, ports.clock.now()), MAX_DELAY_SECONDS));
  return after;
}

async function post(delivery: Delivery, url: string, sealedSecret: string, ports: WebhookPorts): Promise<AttemptOutcome> {
  let target;
  try {
    target = await checkTarget(url, ports.addresses, ports.resolve);
  } catch (error) {
    if (error instanceof DomainError) return { error: `address refused: ${error.errors?.[0]?.message ?? error.message}` };
    throw error;
  }
  const secret = await ports.vault.decrypt(sealedSecret, secretContext(delivery.accountId));
  const timestamp = Math.floor(ports.clock.now().getTime() / 1000);
  return ports.connect(target, signedHeaders(secret, delivery.id, timestamp, delivery.body), delivery.body, ATTEMPT_TIMEOUT_MS);
}

/** The account's deliveries, newest first, all or in one status. */
export const listDeliveries = (accountId: string, status: DeliveryStatus | undefined, page: { limit: number; cursor?: string }, ports: Pick<WebhookPorts, 'webhooks'>): Promise<Page<Delivery>> =>
  ports.webhooks.listDeliveries(accountId, status, page);

const requested = (delivery: Delivery, ports: Pick<WebhookPorts, 'clock' | 'province'>) =>
  envelope(WebhookDeliveryRequestedV1, { deliveryId: delivery.id, accountId: delivery.accountId }, { province: ports.province, now: ports.clock.now() });

/**
 * An account asks for one of its deliveries again (a failed one, or one it wants resent).
 *
 * 1. Load it; another account's is not found (404).
 * 2. Make it due now with a fresh 24-hour window, on condition no attempt was recorded since
 *    it was read, with the event that hands it to the deliverer (one transaction).
 */
export async function retryDelivery(accountId: string, deliveryId: string, ports: Pick<WebhookPorts, 'webhooks' | 'clock' | 'province'>): Promise<Delivery> {
  const delivery = await ports.webhooks.getDelivery(deliveryId);
  if (!delivery || delivery.accountId !== accountId) throw new DeliveryNotFoundError(deliveryId);
  const after = retried(delivery, ports.clock.now());
  await ports.webhooks.requestDelivery(after, delivery, requested(after, ports));
  return after;
}

/**
 * A `ping` delivery to the account's webhook, to try a receiver.
 *
 * 1. The account must have a webhook (409 otherwise).
 * 2. Write the ping and the event that hands it to the deliverer, in one transaction.
 */
export async function sendPing(account: AccountCaller, ports: Pick<WebhookPorts, 'webhooks' | 'clock' | 'ids' | 'province'>): Promise<Delivery> {
  if (!(await ports.webhooks.getSubscription(account.accountId))) throw new NoWebhookError();
  const now = ports.clock.now();
  const ping = newDelivery(ports.ids.next('msg'), { accountId: account.accountId, type: 'ping', occurredAt: now.toISOString(), data: {} }, now);
  await ports.webhooks.requestDelivery(ping, null, requested(ping, ports));
  return ping;
}
