import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { markPublishedUpdate, UNPUBLISHED_OUTBOX_INDEX, unpublishedOutboxIndex } from '../../shared/outbox.js';
import { outboxEntryOf, type OutboxEntry } from './domain/outbox-record.js';

export interface UnpublishedPage {
  entries: OutboxEntry[];
  /** The partition holds more due items than were read: the next run goes on. */
  more: boolean;
}

/**
 * The outbox items of every outbox table, by physical table name: the relay and the sweep
 * serve all of them. The item layout itself lives in `shared/outbox.ts`, beside `outboxPut`.
 */
export function makeOutboxRepository({ client }: { client: DynamoDBDocumentClient }) {
  return {
    /** Takes the item out of the sweep's index and starts its TTL. An item already gone stays gone. */
    async markPublished(tableName: string, itemId: string, now: Date): Promise<void> {
      try {
        await client.send(new UpdateCommand(markPublishedUpdate(tableName, itemId, now)));
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },

    /** Up to `limit` outbox items of one index partition unpublished since `dueBefore` or earlier, oldest first. */
    async listUnpublished(tableName: string, partition: string, dueBefore: string, limit: number): Promise<UnpublishedPage> {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: UNPUBLISHED_OUTBOX_INDEX,
          KeyConditionExpression: '#state = :partition AND #since <= :dueBefore',
          ExpressionAttributeNames: { '#state': unpublishedOutboxIndex.partitionKey, '#since': unpublishedOutboxIndex.sortKey },
          ExpressionAttributeValues: { ':partition': partition, ':dueBefore': dueBefore },
          Limit: limit,
        }),
      );
      return { entries: Items.map(outboxEntryOf), more: LastEvaluatedKey !== undefined };
    },
  };
}

export type OutboxRepository = ReturnType<typeof makeOutboxRepository>;
