import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, type TransactItem } from '../dynamo.js';

const MARKER_RETENTION_SECONDS = 30 * 24 * 3600;

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
    await client.send(new TransactWriteCommand({ TransactItems: [marker, ...input.writes] }));
    return true;
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}
