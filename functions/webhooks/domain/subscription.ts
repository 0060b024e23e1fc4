import { z } from 'zod';
import { InvalidInputError } from '../../../shared/errors.js';

/** The events an account can subscribe to (api.md, Webhooks), each about one kind of account's own resources. */
export const WEBHOOK_EVENTS = {
  'roster.completed': 'partner',
  'roster.failed': 'partner',
  'wish.claim_expiring': 'donor',
  'wish.claim_expired': 'donor',
  'wish.fulfilled': 'donor',
  'job.interest_received': 'employer',
  'fair.intention_received': 'employer',
} as const;

export type WebhookEventName = keyof typeof WEBHOOK_EVENTS;
export type AccountKind = (typeof WEBHOOK_EVENTS)[WebhookEventName];

export const WebhookEventNameSchema = z.enum(Object.keys(WEBHOOK_EVENTS) as [WebhookEventName, ...WebhookEventName[]]);

/** An account's webhook: where its events go and which; the secret is kept sealed. */
export interface Subscription {
  accountId: string;
  kind: AccountKind;
  url: string;
  events: WebhookEventName[];
  /** The signing secret, sealed by the vault under the account id. */
  sealedSecret: string;
  updatedAt: string;
}

/** What the vault binds a sealed secret to: it opens only for this account's webhook. */
export const secretContext = (accountId: string) => ({ accountId, purpose: 'webhook-secret' });

/**
 * The events asked for, each once (none named: every event about this kind of account's
 * resources), and only those (a partner has rosters, not wishes). Throws a 400 naming each
 * refused entry.
 */
export function eventsFor(kind: AccountKind, events: readonly WebhookEventName[] | undefined): WebhookEventName[] {
  if (events === undefined) return (Object.keys(WEBHOOK_EVENTS) as WebhookEventName[]).filter((name) => WEBHOOK_EVENTS[name] === kind);
  const errors = events.flatMap((name, i) => (WEBHOOK_EVENTS[name] === kind ? [] : [{ path: `body.events.${i}`, message: `is about another kind of account than ${kind}` }]));
  if (errors.length > 0) throw new InvalidInputError(errors);
  return [...new Set(events)];
}
