import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

const BATCH = 25;
const ATTEMPTS = 5;

/**
 * Writes items that need no condition (a projection the matcher recomputes from state) 25 at a
 * time; unprocessed items are sent again a bounded number of times, then it fails, so the event
 * is retried by its queue.
 */
export async function batchWrite(client: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH) {
    let pending: WriteRequest[] = requests.slice(i, i + BATCH);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`${pending.length} writes stayed unprocessed after ${ATTEMPTS} attempts`);
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

export type { WriteRequest };
