import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Envelope } from '../events/envelope.js';
import type { IndexSpec } from './topology.js';

/**
 * The layout of outbox items, in one place for the services that write them (`outboxPut`),
 * the topology that indexes them, and the relay and sweep that publish them.
 *
 * An item is written unpublished: it carries the sparse `unpublishedOutbox` index's keys and
 * no TTL. Publishing it removes the index keys and sets a TTL, so the index holds exactly the
 * events no consumer queue has been given yet, and nothing expires before it was published.
 */

/** Key prefix the relay (and its stream filter) recognises as an outbox item. */
export const OUTBOX_PREFIX = 'OUTBOX#';

/**
 * The stream records the relay is given: new outbox items only, as the event source's filter
 * says deployed and the local stream poller applies; updates, state items and TTL deletions
 * never invoke it.
 */
export const relayFilter = { eventName: 'INSERT', pkPrefix: OUTBOX_PREFIX } as const;

/** Whether a stream record passes `relayFilter`. */
export const relayTakes = (record: { eventName?: string; dynamodb?: { Keys?: Record<string, { S?: string }> } }): boolean =>
  record.eventName === relayFilter.eventName && (record.dynamodb?.Keys?.pk?.S ?? '').startsWith(relayFilter.pkPrefix);

/** The outbox item of an event: outbox tables are keyed `pk`/`sk`, as the topology checks. */
export const outboxKey = (eventId: string) => ({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' });

/** The TTL attribute of outbox items; every outbox table must declare it as its `ttl`. */
export const OUTBOX_TTL_ATTRIBUTE = 'expiresAt';

/** How long a published item stays, to look up what was sent; unpublished ones stay until published. */
export const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;

/** The index the sweep queries for events still unpublished, oldest first. */
export const UNPUBLISHED_OUTBOX_INDEX = 'unpublishedOutbox';

export const unpublishedOutboxIndex = { partitionKey: 'outboxState', sortKey: 'unpublishedSince' } as const satisfies IndexSpec;

/**
 * Partitions of the index. One constant partition key would put every outbox write of a table
 * (and the removal at publish) on one GSI partition, whose throughput caps the base table's
 * writes; spreading over a few keys lifts that cap at the cost of a few more sweep queries.
 * Never lower this: items written under a higher count would sit where the sweep stops looking.
 */
export const UNPUBLISHED_PARTITIONS = 4;

/** Every partition key value of the index, for the sweep to query. */
export const unpublishedPartitions = (): string[] =>
  Array.from({ length: UNPUBLISHED_PARTITIONS }, (_, shard) => `unpublished#${shard}`);

/** The partition an event's item goes to: a stable hash of its (random) id. */
export function unpublishedPartitionOf(eventId: string): string {
  let hash = 0;
  for (const char of eventId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `unpublished#${hash % UNPUBLISHED_PARTITIONS}`;
}

/**
 * Events larger than this are stored gzipped (`eventGzip`, binary) instead of as a map
 * (`event`). A batched announcement (a roster's 98 riders) is 30 KB of nested maps that
 * DynamoDB would bill, stream and rewrite at publish in full; gzipped it is a tenth of that.
 * Small events stay maps, readable in the console.
 */
export const OUTBOX_GZIP_ABOVE_BYTES = 2048;

/** How an event is held in its outbox item: as a map, or gzipped JSON when large. */
function storedEvent(event: Envelope): { event: Envelope } | { eventGzip: Uint8Array } {
  const json = JSON.stringify(event);
  return Buffer.byteLength(json, 'utf8') > OUTBOX_GZIP_ABOVE_BYTES ? { eventGzip: gzipSync(json) } : { event };
}

/**
 * The event an outbox item holds (unvalidated: callers parse it), from a read through the SDK
 * (binary as bytes) or from a Lambda stream record's image (binary as base64 text).
 */
export function eventOfOutboxItem(item: Record<string, unknown>): unknown {
  const gzipped = item.eventGzip;
  if (gzipped === undefined) return item.event;
  const bytes = typeof gzipped === 'string' ? Buffer.from(gzipped, 'base64') : (gzipped as Uint8Array);
  return JSON.parse(gunzipSync(bytes).toString('utf8'));
}

/**
 * The outbox item of an event, unpublished: in the sweep's index from `occurredAt` on, with no
 * TTL (an item that expired unpublished would be an event lost).
 */
export function outboxItem(event: Envelope): Record<string, unknown> {
  return {
    ...outboxKey(event.id),
    ...storedEvent(event),
    [unpublishedOutboxIndex.partitionKey]: unpublishedPartitionOf(event.id),
    [unpublishedOutboxIndex.sortKey]: event.occurredAt,
  };
}

/**
 * Marks an outbox item published once every subscriber's queue accepted its event: out of the
 * sweep's index, kept a week for lookups, then removed by TTL. The condition keeps a late mark
 * from recreating an item as a bare key after it expired.
 */
export function markPublishedUpdate(tableName: string, eventId: string, now: Date): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: outboxKey(eventId),
    UpdateExpression: 'REMOVE #state, #since SET #publishedAt = :publishedAt, #expiresAt = :expiresAt',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: {
      '#state': unpublishedOutboxIndex.partitionKey,
      '#since': unpublishedOutboxIndex.sortKey,
      '#publishedAt': 'publishedAt',
      '#expiresAt': OUTBOX_TTL_ATTRIBUTE,
    },
    ExpressionAttributeValues: {
      ':publishedAt': now.toISOString(),
      ':expiresAt': Math.floor(now.getTime() / 1000) + OUTBOX_RETENTION_SECONDS,
    },
  };
}
