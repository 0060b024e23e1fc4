import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { ConcurrentChangeError, outboxPut, transact, type Page } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { indexOf } from '../../shared/topology.js';
import type { Delivery, DeliveryStatus } from './domain/delivery.js';
import { WebhookEventNameSchema, type Subscription } from './domain/subscription.js';
import { accountStatusKey, deliveryKey, deliveryListKey, DELIVERY_RETENTION_DAYS, subscriptionKey } from './keys.js';
import { webhooksService } from './service.js';

const spec = webhooksService.tables.webhooks;

const SubscriptionSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['partner', 'donor', 'employer']),
  url: z.string(),
  events: z.array(WebhookEventNameSchema),
  sealedSecret: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<Subscription>;

const DeliverySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  type: z.union([WebhookEventNameSchema, z.literal('ping')]),
  body: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  windowStartedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<Delivery>;

const toDelivery = (item: Record<string, unknown>): Delivery => DeliverySchema.parse(item);

/** A delivery's item: the delivery, its keys in the account's log (all, and by status), and its expiry. */
const deliveryItem = (delivery: Delivery) => ({
  ...deliveryKey(delivery.id),
  ...delivery,
  deliveryAccount: delivery.accountId,
  accountStatus: accountStatusKey(delivery.accountId, delivery.status),
  listKey: deliveryListKey(delivery.createdAt, delivery.id),
  expiresAt: Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_RETENTION_DAYS * 86_400,
});

/** The write of a delivery after a change: on condition it is as it was read (no other attempt recorded meanwhile). */
const changedDelivery = (tableName: string, before: Delivery, after: Delivery) => ({
  Put: {
    TableName: tableName,
    Item: deliveryItem(after),
    ConditionExpression: 'attempts = :attempts AND #status = :status AND updatedAt = :updatedAt',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':attempts': before.attempts, ':status': before.status, ':updatedAt': before.updatedAt },
  },
});

export function makeWebhookRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    async getSubscription(accountId: string): Promise<Subscription | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: subscriptionKey(accountId), ConsistentRead: true }));
      return Item ? SubscriptionSchema.parse(Item) : undefined;
    },

    /** Sets the account's webhook, replacing (and so rotating the secret of) the one before. */
    async putSubscription(subscription: Subscription): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...subscriptionKey(subscription.accountId), ...subscription } }));
    },

    /** Removes the account's webhook; says whether there was one. */
    async deleteSubscription(accountId: string): Promise<boolean> {
      const { Attributes } = await client.send(new DeleteCommand({ TableName: tableName, Key: subscriptionKey(accountId), ReturnValues: 'ALL_OLD' }));
      return Attributes !== undefined;
    },

    async getDelivery(deliveryId: string): Promise<Delivery | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: deliveryKey(deliveryId), ConsistentRead: true }));
      return Item ? toDelivery(Item) : undefined;
    },

    /** Writes a new delivery on condition its id is new; says whether it did (an event delivered twice makes one). */
    async createDelivery(delivery: Delivery): Promise<boolean> {
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    /** Records what an attempt changed, on condition no other attempt was recorded meanwhile; says whether it did. */
    async recordAttempt(before: Delivery, after: Delivery): Promise<boolean> {
      try {
        await transact(client, [changedDelivery(tableName, before, after)]);
        return true;
      } catch (error) {
        if (error instanceof ConcurrentChangeError) return false;
        throw error;
      }
    },

    /**
     * Writes a delivery an account asked for (a new ping, or a retry of one read as `before`)
     * and the event that hands it to the deliverer, in one transaction: the request cannot be
     * recorded and lost.
     */
    async requestDelivery(after: Delivery, before: Delivery | null, event: Envelope): Promise<void> {
      await transact(client, [
        before ? changedDelivery(tableName, before, after) : { Put: { TableName: tableName, Item: deliveryItem(after), ConditionExpression: 'attribute_not_exists(pk)' } },
        outboxPut(tableName, event),
      ]);
    },

    /** An account's deliveries, newest first, all or in one status. */
    async listDeliveries(accountId: string, status: DeliveryStatus | undefined, request: { limit: number; cursor?: string }): Promise<Page<Delivery>> {
      const scope = { list: 'webhooks.deliveries', accountId, status: status ?? 'any' };
      const query = status
        ? { IndexName: indexOf(spec, 'deliveriesByStatus'), KeyConditionExpression: 'accountStatus = :p', ExpressionAttributeValues: { ':p': accountStatusKey(accountId, status) } }
        : { IndexName: indexOf(spec, 'deliveriesByAccount'), KeyConditionExpression: 'deliveryAccount = :p', ExpressionAttributeValues: { ':p': accountId } };
      const result = await client.send(
        new QueryCommand({ TableName: tableName, ...query, ScanIndexForward: false, Limit: request.limit, ExclusiveStartKey: await decodeCursor(request.cursor, scope) }),
      );
      return { items: (result.Items ?? []).map(toDelivery), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },
  };
}

export type WebhookRepository = ReturnType<typeof makeWebhookRepository>;
