import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { inGroupsOf, mapLimit } from './concurrency.js';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

type Key = Record<string, unknown>;

/** BatchGetItem's and BatchWriteItem's limits per request. */
const KEYS_PER_GET = 100;
const WRITES_PER_BATCH = 25;
/** Batch writes one call sends at once: a rider batch of 98 goes in one round trip. */
const BATCHES_IN_FLIGHT = 4;
/** Requests for what DynamoDB left unprocessed (it throttles a batch in part), then it fails, so the caller's queue retries. */
const ATTEMPTS = 8;

const pause = (attempt: number) => sleep(Math.random() * 20 * attempt);

/**
 * Every item of `keys` that exists (in no particular order), read 100 keys to a request, asking
 * again for the keys DynamoDB left unprocessed a bounded number of times. Duplicate keys are
 * read once (BatchGetItem refuses them).
 */
export async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[], options: { consistent?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((key) => [JSON.stringify(Object.entries(key).sort()), key])).values()];
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += KEYS_PER_GET) {
    let pending = unique.slice(start, start + KEYS_PER_GET);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`${pending.length} reads stayed unprocessed after ${ATTEMPTS} attempts`);
      if (attempt > 1) await pause(attempt);
      const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistent ?? false } } }));
      found.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

/**
 * Writes items that need no condition, 25 to a request and up to four requests at once; what
 * DynamoDB left unprocessed is sent again a bounded number of times, then it fails, so the work
 * is retried by its queue. Requests finish in no particular order.
 */
export async function batchWrite(client: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[]): Promise<void> {
  await mapLimit(inGroupsOf(requests, WRITES_PER_BATCH), BATCHES_IN_FLIGHT, async (batch) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`${pending.length} writes stayed unprocessed after ${ATTEMPTS} attempts`);
      if (attempt > 1) await pause(attempt);
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  });
}
