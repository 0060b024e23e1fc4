import type { AccountCaller } from '../../../shared/auth/caller.js';
import { NotFoundError } from '../../../shared/errors.js';
import { checkTarget } from '../domain/address.js';
import { eventsFor, secretContext, type Subscription, type WebhookEventName } from '../domain/subscription.js';
import type { WebhookPorts } from './ports.js';

export class NoSubscriptionError extends NotFoundError {
  constructor() {
    super('This account has no webhook');
  }
}

/**
 * Sets (or replaces) the calling account's webhook, with a new secret shown only in this answer.
 *
 * 1. Keep only events about this kind of account's resources (400 naming each other one);
 *    none named is all of them.
 * 2. Check the URL: https, resolving only to public addresses (400 naming `body.url`).
 * 3. Draw a secret and seal it under the account; store the webhook, replacing any before
 *    (deliveries still due are signed with the new secret from then on).
 */
export async function putWebhook(
  account: AccountCaller,
  input: { url: string; events?: WebhookEventName[] | undefined },
  ports: Pick<WebhookPorts, 'webhooks' | 'vault' | 'resolve' | 'clock' | 'newSecret' | 'addresses'>,
): Promise<{ subscription: Subscription; secret: string }> {
  const events = eventsFor(account.role, input.events);
  const target = await checkTarget(input.url, ports.addresses, ports.resolve);
  const secret = ports.newSecret();
  const subscription: Subscription = {
    accountId: account.accountId,
    kind: account.role,
    url: target.url.href,
    events,
    sealedSecret: await ports.vault.encrypt(secret, secretContext(account.accountId)),
    updatedAt: ports.clock.now().toISOString(),
  };
  await ports.webhooks.putSubscription(subscription);
  return { subscription, secret };
}

/** The calling account's webhook, without its secret (404 when it has none). */
export async function getWebhook(accountId: string, ports: Pick<WebhookPorts, 'webhooks'>): Promise<Subscription> {
  const subscription = await ports.webhooks.getSubscription(accountId);
  if (!subscription) throw new NoSubscriptionError();
  return subscription;
}

/** Removes the calling account's webhook (404 when it has none); deliveries still due fail at their next attempt. */
export async function deleteWebhook(accountId: string, ports: Pick<WebhookPorts, 'webhooks'>): Promise<void> {
  if (!(await ports.webhooks.deleteSubscription(accountId))) throw new NoSubscriptionError();
}
