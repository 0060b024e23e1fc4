import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../events/envelope.js';
import { ConflictError } from './errors.js';
import { outboxItem } from './outbox.js';
import { withoutSdkLogging } from './aws-sdk.js';
import { meterCapacity } from './capacity.js';
import { withRetries } from './retry.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

let shared: DynamoDBDocumentClient | undefined;

/**
 * The document client, created once per container. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` variable, so the same code talks to DynamoDB or DynamoDB Local.
 */
export function documentClient(): DynamoDBDocumentClient {
  if (!shared) {
    shared = DynamoDBDocumentClient.from(withoutSdkLogging(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
    meterCapacity(shared);
  }
  return shared;
}

const CONFLICT_RETRIES = 5;

/**
 * A transaction item and the named error a failed condition on it means (e.g. the guard of one
 * live membership per person failing means `AlreadyMemberError`).
 */
export interface GuardedItem {
  item: TransactItem;
  onConditionFailed?: () => Error;
}

/** A condition failed on an item whose error nobody named: someone changed it meanwhile. */
export class ConcurrentChangeError extends ConflictError {
  constructor() {
    super('What this request read changed while it ran; read it again and retry');
  }
}

/** Other transactions kept touching the same items through every retry: the caller may try again. */
export class TransactionConflictError extends ConflictError {
  constructor() {
    super('Too many requests are changing the same data at once; retry in a moment');
  }
}

const isGuarded = (entry: TransactItem | GuardedItem): entry is GuardedItem => 'item' in entry;

/**
 * Runs a transaction. When DynamoDB cancels it because a condition failed, the error is the one
 * named by the item whose condition failed (matched by item, not by position in a list built
 * elsewhere), or `ConcurrentChangeError` for an item with none. A transaction cancelled only by
 * another transaction touching the same items (`TransactionConflict`) is retried a few times
 * with jitter (the retry then meets the winner's state), then answered as `TransactionConflictError`
 * (409, retry), never as a 500.
 */
export async function transact(client: DynamoDBDocumentClient, entries: (TransactItem | GuardedItem)[]): Promise<void> {
  const guarded = entries.map((entry) => (isGuarded(entry) ? entry : { item: entry }));
  await withRetries(
    async () => {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: guarded.map((entry) => entry.item) }));
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed')) throw new TransactionConflictError();
        if (!reasons?.includes('ConditionalCheckFailed')) throw error;
        const failed = guarded.find((_, i) => reasons[i] === 'ConditionalCheckFailed' && guarded[i]!.onConditionFailed);
        throw failed?.onConditionFailed?.() ?? new ConcurrentChangeError();
      }
    },
    {
      times: CONFLICT_RETRIES,
      isRetryable: (error) => error instanceof TransactionConflictError,
      pauseMs: 50,
    },
  );
}

/** The per-item codes of a cancelled transaction (`None` where an item passed), else undefined. */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

export { OUTBOX_PREFIX } from './outbox.js';

/**
 * The outbox item that travels in the same transaction as the state change it announces.
 * The table's stream hands it to the relay, and the sweep finds it if the relay never marks it
 * published; it gets its TTL only once published (see `shared/outbox.ts`).
 */
export function outboxPut(tableName: string, event: Envelope): TransactItem {
  return { Put: { TableName: tableName, Item: outboxItem([event]) } };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item a query matches, page after page: for background work, never a request's list. */
export async function* queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
