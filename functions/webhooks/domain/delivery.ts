import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { nextAttemptAt, type RetryPolicy } from './backoff.js';
import type { WebhookEventName } from './subscription.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One message to one account's webhook, attempted until a 2xx or the end of its retry window. */
export interface Delivery {
  /** The message id: `Webhook-Id`, and `id` in the body; the same on every attempt. */
  id: string;
  accountId: string;
  type: WebhookEventName | 'ping';
  /** The JSON body, fixed at creation so every attempt sends (and signs) the same bytes. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  /** Why the last attempt failed without a status (a timeout, a refused address). */
  lastError: string | null;
  /** When a pending delivery is due; null once delivered or failed. */
  nextAttemptAt: string | null;
  /** Retries stop 24 hours after this: the first attempt, or the last manual retry. */
  windowStartedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** A webhook event for one account: what the delivery sends. */
export interface WebhookMessage {
  accountId: string;
  type: WebhookEventName | 'ping';
  occurredAt: string;
  data: Record<string, unknown>;
}

export class DeliveryNotFoundError extends NotFoundError {
  constructor(deliveryId: string) {
    super(`No delivery ${deliveryId} of yours`);
  }
}

export class NoWebhookError extends ConflictError {
  constructor() {
    super('This account has no webhook: set one with PUT /v1/accounts/me/webhook first');
  }
}

/**
 * The id of the delivery of an event to an account: derived from both, so the event arriving
 * twice (SQS delivers at least once) makes one delivery, with one `Webhook-Id`.
 */
export const deliveryIdOf = (eventId: string, accountId: string): string =>
  `msg_${createHash('sha256').update(`${eventId}\n${accountId}`).digest('base64url').slice(0, 27)}`;

/** A new delivery, due at once. */
export function newDelivery(id: string, message: WebhookMessage, now: Date): Delivery {
  const at = now.toISOString();
  return {
    id,
    accountId: message.accountId,
    type: message.type,
    body: JSON.stringify({ id, type: message.type, occurredAt: message.occurredAt, data: message.data }),
    status: 'pending',
    attempts: 0,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: at,
    windowStartedAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

/** What an attempt came to: the receiver's status, or no answer (and why). */
export type AttemptOutcome = { statusCode: number } | { error: string };

export const isSuccess = (outcome: AttemptOutcome): boolean => 'statusCode' in outcome && outcome.statusCode >= 200 && outcome.statusCode < 300;

/**
 * The delivery after an attempt: delivered on a 2xx; otherwise due again after the backoff,
 * or failed once the next try would fall past its retry window.
 */
export function afterAttempt(delivery: Delivery, outcome: AttemptOutcome, now: Date, random: number, policy: RetryPolicy): Delivery {
  const attempts = delivery.attempts + 1;
  const recorded = {
    ...delivery,
    attempts,
    lastStatusCode: 'statusCode' in outcome ? outcome.statusCode : null,
    lastError: 'error' in outcome ? outcome.error : null,
    updatedAt: now.toISOString(),
  };
  if (isSuccess(outcome)) return { ...recorded, status: 'delivered', nextAttemptAt: null };
  const next = nextAttemptAt(attempts, new Date(delivery.windowStartedAt), now, random, policy);
  return next ? { ...recorded, status: 'pending', nextAttemptAt: next.toISOString() } : { ...recorded, status: 'failed', nextAttemptAt: null };
}

/** A delivery given up on without an attempt (the account removed its webhook). */
export const abandoned = (delivery: Delivery, reason: string, now: Date): Delivery => ({ ...delivery, status: 'failed', nextAttemptAt: null, lastError: reason, updatedAt: now.toISOString() });

/** An account asks for a delivery again: due now, with a fresh 24-hour window. */
export function retried(delivery: Delivery, now: Date): Delivery {
  const at = now.toISOString();
  return { ...delivery, status: 'pending', nextAttemptAt: at, windowStartedAt: at, updatedAt: at };
}

/** Seconds until a pending delivery is due (0 when it is). */
export const secondsUntilDue = (delivery: Delivery, now: Date): number =>
  delivery.nextAttemptAt === null ? 0 : Math.max(0, Math.ceil((Date.parse(delivery.nextAttemptAt) - now.getTime()) / 1000));
