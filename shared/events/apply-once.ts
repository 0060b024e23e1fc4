import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { transact, type TransactItem } from '../dynamo.js';

const MARKER_RETENTION_SECONDS = 30 * 24 * 3600;

class AlreadyAppliedError extends Error {}

/**
 * Applies a consumer's writes for one event exactly once, however often SQS delivers it:
 * a marker keyed by consumer and event id is written in the same transaction, on the
 * condition that it does not exist yet. Returns false when the event was applied before.
 *
 * Markers outlive SQS's longest retention (14 days), so a redelivery always finds its marker.
 */
export async function applyOnce(
  client: DynamoDBDocumentClient,
  input: { tableName: string; consumer: string; eventId: string; now: Date; writes: TransactItem[] },
): Promise<boolean> {
  const marker: TransactItem = {
    Put: {
      TableName: input.tableName,
      Item: {
        pk: `APPLIED#${input.consumer}#${input.eventId}`,
        sk: 'APPLIED',
        appliedAt: input.now.toISOString(),
        expiresAt: Math.floor(input.now.getTime() / 1000) + MARKER_RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  try {
    await transact(client, [{ item: marker, onConditionFailed: () => new AlreadyAppliedError() }, ...input.writes]);
    return true;
  } catch (error) {
    if (error instanceof AlreadyAppliedError) return false;
    throw error;
  }
}
