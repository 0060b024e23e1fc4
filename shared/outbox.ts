import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Envelope } from '../events/envelope.js';
import { nameUuid } from './ids.js';
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

/** The key of an outbox item (see `outboxItemIdOf`): outbox tables are keyed `pk`/`sk`, as the topology checks. */
export const outboxKey = (itemId: string) => ({ pk: `${OUTBOX_PREFIX}${itemId}`, sk: 'EVENT' });

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

/** The partition an item goes to: a stable hash of its (random-looking) id. */
export function unpublishedPartitionOf(itemId: string): string {
  let hash = 0;
  for (const char of itemId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `unpublished#${hash % UNPUBLISHED_PARTITIONS}`;
}

/**
 * Outbox items larger than this are stored gzipped (`eventGzip`, `eventsGzip`: binary) instead of
 * as maps (`event`, `events`). A batched announcement (a roster's 98 riders) is 30 KB of nested
 * maps that DynamoDB would bill, stream and rewrite at publish in full; gzipped it is a tenth of
 * that. Small events stay maps, readable in the console.
 */
export const OUTBOX_GZIP_ABOVE_BYTES = 2048;

/**
 * Events one outbox item holds at most. A step that announces many batches at once (a roster
 * shard's riders, 98 to an event) writes them as one item: one put, one stream record, one
 * record for the relay and one mark, where one item per event took one each (ADR 0035).
 * Twenty of the largest announcements (100 riders, their blind indexes incompressible) gzip to
 * well inside DynamoDB's 400 KB item, as a test checks.
 */
export const OUTBOX_EVENTS_PER_ITEM = 20;

/**
 * The id an outbox item is keyed by: its event's id, or for several events a name of their ids,
 * so a step run again writes the same item and the outbox keeps it once.
 */
export const outboxItemIdOf = (events: readonly Envelope[]): string =>
  events.length === 1 ? events[0]!.id : nameUuid(events.map((event) => event.id).join('\n'));

/** The id of an outbox item read back (from a table or a stream image). */
export const outboxItemIdOfItem = (item: Record<string, unknown>): string => String(item.pk).slice(OUTBOX_PREFIX.length);

/** How events are held in their outbox item: one event as `event`, several as `events`; each gzipped when large. */
function storedEvents(events: readonly Envelope[]): Record<string, unknown> {
  const value = events.length === 1 ? events[0]! : events;
  const json = JSON.stringify(value);
  const [plain, gzipped] = events.length === 1 ? ['event', 'eventGzip'] : ['events', 'eventsGzip'];
  return Buffer.byteLength(json, 'utf8') > OUTBOX_GZIP_ABOVE_BYTES ? { [gzipped]: gzipSync(json) } : { [plain]: value };
}

/** Gzipped JSON from a read through the SDK (binary as bytes) or a Lambda stream record's image (binary as base64 text). */
const gunzipped = (value: unknown): unknown =>
  JSON.parse(gunzipSync(typeof value === 'string' ? Buffer.from(value, 'base64') : (value as Uint8Array)).toString('utf8'));

/** The events an outbox item holds, in the order written (unvalidated: callers parse them). */
export function eventsOfOutboxItem(item: Record<string, unknown>): unknown[] {
  if (item.eventsGzip !== undefined) return [gunzipped(item.eventsGzip)].flat();
  if (item.events !== undefined) return [item.events].flat();
  return [item.eventGzip !== undefined ? gunzipped(item.eventGzip) : item.event];
}

/**
 * The outbox item of events written together (1 to `OUTBOX_EVENTS_PER_ITEM`), unpublished: in
 * the sweep's index from the earliest `occurredAt` on, with no TTL (an item that expired
 * unpublished would be events lost).
 */
export function outboxItem(events: readonly Envelope[]): Record<string, unknown> {
  if (events.length === 0 || events.length > OUTBOX_EVENTS_PER_ITEM) throw new RangeError(`An outbox item holds 1 to ${OUTBOX_EVENTS_PER_ITEM} events, not ${events.length}`);
  const id = outboxItemIdOf(events);
  return {
    ...outboxKey(id),
    ...storedEvents(events),
    [unpublishedOutboxIndex.partitionKey]: unpublishedPartitionOf(id),
    [unpublishedOutboxIndex.sortKey]: events.map((event) => event.occurredAt).reduce((earliest, at) => (at < earliest ? at : earliest)),
  };
}

/**
 * Marks an outbox item published once every subscriber's queue accepted its events: out of the
 * sweep's index, kept a week for lookups, then removed by TTL. The condition keeps a late mark
 * from recreating an item as a bare key after it expired.
 */
export function markPublishedUpdate(tableName: string, itemId: string, now: Date): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: outboxKey(itemId),
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
