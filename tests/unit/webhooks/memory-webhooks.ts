import { vi } from 'vitest';
import { newDelivery, type Delivery } from '../../../functions/webhooks/domain/delivery.js';
import type { Subscription } from '../../../functions/webhooks/domain/subscription.js';
import type { WebhookRepository } from '../../../functions/webhooks/repository.js';
import type { WebhookPorts } from '../../../functions/webhooks/use-cases/ports.js';
import type { Envelope } from '../../../events/envelope.js';

export const partner = { role: 'partner' as const, principalId: 'acc_p', accountId: 'acc_p', name: '闽送即配' };
export const donor = { role: 'donor' as const, principalId: 'acc_d', accountId: 'acc_d', name: '鹭岛电器' };

/** The webhooks repository in memory, with the conditions the DynamoDB one enforces (new ids, attempts recorded on what was read). */
export function memoryWebhookStore() {
  const subscriptions = new Map<string, Subscription>();
  const deliveries = new Map<string, Delivery>();
  const outbox: Envelope[] = [];
  const same = (stored: Delivery | undefined, before: Delivery) =>
    stored?.attempts === before.attempts && stored.status === before.status && stored.updatedAt === before.updatedAt;
  const repository: WebhookRepository = {
    getSubscription: async (accountId) => structuredClone(subscriptions.get(accountId)),
    putSubscription: async (subscription) => void subscriptions.set(subscription.accountId, structuredClone(subscription)),
    deleteSubscription: async (accountId) => subscriptions.delete(accountId),
    getDelivery: async (id) => structuredClone(deliveries.get(id)),
    createDelivery: async (delivery) => (deliveries.has(delivery.id) ? false : (deliveries.set(delivery.id, structuredClone(delivery)), true)),
    recordAttempt: async (before, after) => (same(deliveries.get(before.id), before) ? (deliveries.set(after.id, structuredClone(after)), true) : false),
    requestDelivery: async (after, before, event) => {
      if (before ? !same(deliveries.get(before.id), before) : deliveries.has(after.id)) throw new Error('condition failed');
      deliveries.set(after.id, structuredClone(after));
      outbox.push(event);
    },
    listDeliveries: async (accountId, status) => ({ items: [...deliveries.values()].filter((d) => d.accountId === accountId && (!status || d.status === status)).reverse(), nextCursor: null }),
  };
  return { repository, subscriptions, deliveries, outbox };
}

/** Ports over the memory store, a vault that marks what it seals, a stub resolver and a connector that answers 200 (both spies). */
export function memoryWebhookPorts(overrides: Partial<WebhookPorts> = {}) {
  const store = memoryWebhookStore();
  let now = new Date('2026-12-01T00:00:00.000Z');
  const sent: { deliveryIds: readonly string[]; delaySeconds?: number }[] = [];
  const counted: string[] = [];
  let n = 0;
  const ports: WebhookPorts = {
    webhooks: store.repository,
    vault: {
      encrypt: async (plain, context) => `sealed:${JSON.stringify(context)}:${plain}`,
      decrypt: async (sealed, context) => {
        const prefix = `sealed:${JSON.stringify(context)}:`;
        if (!sealed.startsWith(prefix)) throw new Error('wrong context');
        return sealed.slice(prefix.length);
      },
    },
    resolve: vi.fn(async () => ['8.8.8.8']),
    connect: vi.fn(async () => ({ statusCode: 200 })),
    tasks: { send: async (deliveryIds, delaySeconds) => void sent.push({ deliveryIds, ...(delaySeconds === undefined ? {} : { delaySeconds }) }) },
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${++n}` },
    newSecret: () => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    random: () => 0.5,
    addresses: { allowLocalLoopback: false },
    retry: { baseSeconds: 30, capSeconds: 6 * 3600 },
    province: '35',
    metrics: { count: (metric) => void counted.push(metric) },
    ...overrides,
  };
  const seedDelivery = (accountId = partner.accountId) => {
    const delivery = newDelivery(`msg_seed${++n}`, { accountId, type: 'roster.completed', occurredAt: now.toISOString(), data: { rosterId: 'ros_1' } }, now);
    store.deliveries.set(delivery.id, delivery);
    return delivery;
  };
  return { ports, store, sent, counted, seedDelivery, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}
