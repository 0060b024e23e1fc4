import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import type { Capacity } from '../../shared/capacity.js';
import { inGroupsOf } from '../../shared/concurrency.js';
import { batchGet, batchWrite, type WriteRequest } from '../../shared/dynamo-batch.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentChangeError, cancellationReasons, outboxPut, queryAll, transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { OUTBOX_EVENTS_PER_ITEM, outboxItem } from '../../shared/outbox.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { OccupationSchema } from '../../shared/occupations.js';
import { indexOf } from '../../shared/topology.js';
import type { AppliedCounts, Chunk, RowRejection, SealedPart, ShardPart } from './domain/chunk.js';
import { RIDERS_PER_WRITE, type Rider, type RiderMembership } from './domain/rider.js';
import { ChunkRateError, RosterFullError, TooManyOpenRostersError, minuteOf, type RosterLimits } from './domain/limits.js';
import { RosterStateError, isOpen, type Roster, type RosterStatus, type ShardCounts } from './domain/roster.js';
import { CHUNK_PREFIX, chunkKey, chunkRateKey, openRostersKey, RIDER_PREFIX, riderKey, riderMembershipKey, ridersOfShard, rosterKey, sealedPartKey, sealedPrefix, SEALED_PREFIX, SEEN_PREFIX, seenPrefix, shardAppliedKey, shardPartKey } from './keys.js';
import { rostersService } from './service.js';

const table = rostersService.tables.rosters;
const ROSTERS_IN_PROGRESS = indexOf(table, 'rostersInProgress');
const ROSTERS_BY_PARTNER = indexOf(table, 'rostersByPartner');

/** A chunk with this seq is stored already: the caller compares its rows with the stored ones. */
export class ChunkExistsError extends ConflictError {
  constructor(seq: number) {
    super(`Chunk ${seq} was already sent`);
  }
}

/** A chunk recorded as applied before: its counts are in the roster already. */
export class ChunkAppliedBeforeError extends Error {}

/** The roster changed between reading it and writing a chunk to it: read it again to say how. */
export class RosterChangedError extends ConflictError {
  constructor() {
    super('The roster changed while the chunk was stored; send the chunk again');
  }
}

/** A shard recorded as applied before: its counts are in the roster already. */
export class ShardAppliedBeforeError extends Error {}

/** The roster left processing (failed by the watchdog, or completed): its steps stop. */
export class RosterNotProcessingError extends Error {}

/** Another of the partner's rosters is being applied: riders have one writer at a time. */
export class AnotherRosterApplyingError extends ConflictError {
  override readonly retryAfterSeconds = 10;
  constructor() {
    super('Another of your rosters is being applied (GET /v1/rosters lists it as processing); complete this one once that one is done: a partner\'s riders are written by one roster at a time');
  }
}

// One schema per stored entity: items are parsed, never cast, into the domain's types.

const CountSchema = z.number().int();

const RosterItemSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  platform: z.string(),
  mode: z.enum(['snapshot', 'delta']),
  asOf: z.string(),
  status: z.enum(['receiving', 'processing', 'completed', 'failed', 'abandoned']),
  chunks: z.number().int().nullable(),
  progress: z.object({ chunksApplied: CountSchema.default(0), shardsDeparted: CountSchema.default(0) }).default({ chunksApplied: 0, shardsDeparted: 0 }),
  capacity: z.object({ readUnits: z.number().default(0), writeUnits: z.number().default(0) }).default({ readUnits: 0, writeUnits: 0 }),
  rows: z.object({
    received: CountSchema.default(0),
    accepted: CountSchema.default(0),
    rejected: CountSchema.default(0),
    created: CountSchema.default(0),
    updated: CountSchema.default(0),
    unchanged: CountSchema.default(0),
    departed: CountSchema.default(0),
  }),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  failureReason: z.string().optional(),
});

const toRoster = (item: Record<string, unknown>): Roster => {
  const { failureReason, ...roster } = RosterItemSchema.parse(item);
  return failureReason === undefined ? roster : { ...roster, failureReason };
};

/**
 * A new roster's item: listed under its partner (`rosterOf`, newest first by `createdAt`) and,
 * while receiving, in the watchdog's index of rosters in progress.
 */
const rosterItem = (roster: Roster) => ({ ...rosterKey(roster.id), ...roster, rosterOf: roster.partnerId, processingStatus: roster.status, processingSince: roster.createdAt });

const AppliedSchema = z.object({ created: CountSchema, updated: CountSchema, unchanged: CountSchema });
const RejectionItemSchema = z.object({ index: CountSchema, path: z.string(), message: z.string() });

const ChunkItemSchema = z.object({
  seq: CountSchema,
  accepted: CountSchema,
  rejected: z.array(RejectionItemSchema),
  omittedRejections: CountSchema.optional(),
  received: CountSchema,
  fingerprint: z.string(),
  // Chunks stored before rows were sealed in parts have none.
  parts: CountSchema.default(0),
  applied: AppliedSchema.optional(),
});

const toChunk = (item: Record<string, unknown>): Chunk => {
  const { omittedRejections, applied, ...chunk } = ChunkItemSchema.parse(item);
  return { ...chunk, ...(omittedRejections ? { omittedRejections } : {}), ...(applied ? { applied } : {}) };
};

const chunkItem = (rosterId: string, chunk: Chunk) => ({ ...chunkKey(rosterId, chunk.seq), ...chunk });

const SealedPartItemSchema = z.object({ part: CountSchema, sealed: z.string(), expiresAt: CountSchema });

const toSealedPart = (item: Record<string, unknown>): SealedPart => SealedPartItemSchema.parse(item);

const sealedPartItem = (rosterId: string, seq: number, part: SealedPart) => ({ ...sealedPartKey(rosterId, seq, part.part), rosterId, seq, ...part });

const RiderItemSchema = z.object({
  partnerId: z.string(),
  riderId: z.string(),
  personIndex: z.string(),
  contactIndex: z.string().optional(),
  status: z.enum(['active', 'departed']),
  regionCode: z.string(),
  station: z.string().nullable(),
  occupation: OccupationSchema,
  maskedName: z.string().optional(),
  maskedMobile: z.string().optional(),
  lastRosterId: z.string(),
  lastChange: z.enum(['created', 'updated', 'unchanged', 'departed']),
  rowFingerprint: z.string().optional(),
});

const toRider = (item: Record<string, unknown>): Rider => {
  const { rowFingerprint, ...rider } = RiderItemSchema.parse(item);
  return rowFingerprint === undefined ? rider : { ...rider, rowFingerprint };
};

const MembershipItemSchema = z.object({ isMember: z.boolean(), sharedWithPlatforms: z.boolean(), version: CountSchema });

/** A rider's item: what the roster says of it. */
const riderItem = (rider: Rider) => {
  const { partnerId, riderId, personIndex, contactIndex, status, regionCode, station, occupation, maskedName, maskedMobile, lastRosterId, lastChange, rowFingerprint } = rider;
  return {
    ...riderKey(partnerId, riderId),
    partnerId,
    riderId,
    personIndex,
    ...(contactIndex ? { contactIndex } : {}),
    status,
    regionCode,
    station,
    occupation,
    ...(maskedName ? { maskedName } : {}),
    ...(maskedMobile ? { maskedMobile } : {}),
    lastRosterId,
    lastChange,
    ...(rowFingerprint ? { rowFingerprint } : {}),
  };
};

const ShardPartItemSchema = z.object({ seq: CountSchema, shard: CountSchema, part: CountSchema, of: CountSchema, sealed: z.string(), expiresAt: CountSchema });
/** What a chunk applied before shards applied rows recorded of a shard: the ids it listed. */
const SeenIdsItemSchema = z.object({ riderIds: z.array(z.string()) });

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Transactions a membership announcement is recorded in at most, before its queue retries it. */
const MEMBERSHIP_ATTEMPTS = 5;

/**
 * The rosters service's tables by their manifest names: `rosters` (rosters, chunks, their
 * outbox) and `riders`. A function is handed only the tables its manifest entry names, so
 * either may be absent; using one that is says so.
 */
export function makeRosterRepository({ client, tables }: { client: DynamoDBDocumentClient; tables: { rosters?: string; riders?: string } }) {
  const named = (table: 'rosters' | 'riders') => {
    const name = tables[table];
    if (!name) throw new Error(`This function was not given the ${table} table (see the rosters manifest)`);
    return name;
  };
  const rostersTable = () => named('rosters');
  const ridersTable = () => named('riders');
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: rostersTable(), Key: key }))).Item;

  /**
   * Moves a roster out of `roster.status` into `change.status`, on that condition (and any
   * other), out of the watchdog's index; a roster that held one of its partner's open slots
   * gives it back in the same transaction. Says whether it moved.
   */
  const leave = async (
    roster: Pick<Roster, 'id' | 'partnerId' | 'status'>,
    change: { status: RosterStatus; set: string; condition?: string; values: Record<string, unknown> },
    event?: Envelope,
  ): Promise<boolean> => {
    try {
      await transact(client, [
        {
          Update: {
            TableName: rostersTable(),
            Key: rosterKey(roster.id),
            UpdateExpression: `SET #status = :to, ${change.set} REMOVE processingStatus, processingSince`,
            ConditionExpression: `#status = :from${change.condition ? ` AND ${change.condition}` : ''}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':to': change.status, ':from': roster.status, ...change.values },
          },
        },
        // A roster leaving processing was the one applying its partner's riders: it lets the next in.
        ...(isOpen(roster.status)
          ? [{ Update: { TableName: rostersTable(), Key: openRostersKey(roster.partnerId), UpdateExpression: `ADD #open :minusOne${roster.status === 'processing' ? ' REMOVE applying' : ''}`, ExpressionAttributeNames: { '#open': 'open' }, ExpressionAttributeValues: { ':minusOne': -1 } } }]
          : []),
        ...(event ? [outboxPut(rostersTable(), event)] : []),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConcurrentChangeError) return false;
      throw error;
    }
  };

  return {
    /** A roster; `consistent` reads what every step recorded so far, for deciding what comes next. */
    async get(rosterId: string, options: { consistent?: boolean } = {}): Promise<Roster | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: rostersTable(), Key: rosterKey(rosterId), ConsistentRead: options.consistent === true }));
      return Item && toRoster(Item);
    },

    /**
     * Writes a new roster and takes one of its partner's open slots, in one transaction: on
     * condition the id is new and the partner holds fewer than the limit (else `TooManyOpenRostersError`).
     */
    async create(roster: Roster, limits: Pick<RosterLimits, 'openRostersPerPartner'>): Promise<void> {
      await transact(client, [
        { Put: { TableName: rostersTable(), Item: rosterItem(roster), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: openRostersKey(roster.partnerId),
              UpdateExpression: 'ADD #open :one',
              ConditionExpression: 'attribute_not_exists(#open) OR #open < :limit',
              ExpressionAttributeNames: { '#open': 'open' },
              ExpressionAttributeValues: { ':one': 1, ':limit': limits.openRostersPerPartner },
            },
          },
          onConditionFailed: () => new TooManyOpenRostersError(limits.openRostersPerPartner),
        },
      ]);
    },

    /** The partner's rosters, newest first, a page at a time. */
    async list(partnerId: string, page: { limit: number; cursor?: string }): Promise<Page<Roster>> {
      const scope = { list: 'rosters', partnerId };
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: rostersTable(),
          IndexName: ROSTERS_BY_PARTNER,
          KeyConditionExpression: 'rosterOf = :partner',
          ExpressionAttributeValues: { ':partner': partnerId },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: await decodeCursor(page.cursor, scope),
        }),
      );
      return { items: Items.map(toRoster), nextCursor: await encodeCursor(LastEvaluatedKey, scope) };
    },

    async getChunk(rosterId: string, seq: number): Promise<Chunk | undefined> {
      const item = await getItem(chunkKey(rosterId, seq));
      return item && toChunk(item);
    },

    /**
     * Stores a chunk's receipt and its sealed parts, adds its row counts to the roster and counts
     * it in its partner's minute, all in one transaction: on condition that the seq is new (else
     * `ChunkExistsError`), the roster still receiving with room for the rows (else
     * `RosterChangedError`: read it again to say why) and the partner under its chunks a minute
     * (else `ChunkRateError`).
     */
    async putChunk(roster: Roster, chunk: Chunk, sealed: SealedPart[], limits: Pick<RosterLimits, 'rowsPerRoster' | 'chunksPerMinute'>, now: Date): Promise<void> {
      const { minute } = minuteOf(now);
      await transact(client, [
        {
          item: { Put: { TableName: rostersTable(), Item: chunkItem(roster.id, chunk), ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new ChunkExistsError(chunk.seq),
        },
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: rosterKey(roster.id),
              UpdateExpression: 'ADD #rows.received :received, #rows.accepted :accepted, #rows.rejected :rejected',
              ConditionExpression: '#status = :receiving AND #rows.received <= :room',
              ExpressionAttributeNames: { '#rows': 'rows', '#status': 'status' },
              ExpressionAttributeValues: {
                ':received': chunk.received,
                ':accepted': chunk.accepted,
                ':rejected': chunk.received - chunk.accepted,
                ':receiving': 'receiving',
                ':room': limits.rowsPerRoster - chunk.received,
              },
            },
          },
          onConditionFailed: () => new RosterChangedError(),
        },
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: chunkRateKey(roster.partnerId, minute),
              UpdateExpression: 'ADD #chunks :one SET expiresAt = :expiresAt',
              ConditionExpression: 'attribute_not_exists(#chunks) OR #chunks < :limit',
              ExpressionAttributeNames: { '#chunks': 'chunks' },
              ExpressionAttributeValues: { ':one': 1, ':limit': limits.chunksPerMinute, ':expiresAt': (minute + 10) * 60 },
            },
          },
          onConditionFailed: () => new ChunkRateError(limits.chunksPerMinute, now),
        },
        ...sealed.map((part): TransactItem => ({ Put: { TableName: rostersTable(), Item: sealedPartItem(roster.id, chunk.seq, part) } })),
      ]);
    },

    /**
     * A page of a roster's rejected rows, by chunk and index. Receipts are small and bounded, so
     * the page is cut from all of them; its cursor is the offset, sealed like every cursor.
     */
    async rejections(rosterId: string, page: { limit: number; cursor?: string }): Promise<Page<RowRejection & { seq: number }>> {
      const scope = { list: 'rosters.rejections', rosterId };
      const start = (await decodeCursor(page.cursor, scope))?.offset ?? 0;
      if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) throw InvalidInputError.field('query.cursor', 'is not a cursor this list returned');
      const all = (await this.chunks(rosterId)).flatMap((chunk) => chunk.rejected.map((rejection) => ({ seq: chunk.seq, ...rejection })));
      const end = start + page.limit;
      return { items: all.slice(start, end), nextCursor: await encodeCursor(end < all.length ? { offset: end } : undefined, scope) };
    },

    /** Every stored chunk's seq and rejections, in order. */
    async chunks(rosterId: string): Promise<{ seq: number; rejected: RowRejection[] }[]> {
      const chunks: { seq: number; rejected: RowRejection[] }[] = [];
      const query = {
        TableName: rostersTable(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
        ExpressionAttributeValues: { ':pk': rosterKey(rosterId).pk, ':chunk': CHUNK_PREFIX },
        ProjectionExpression: 'seq, rejected',
      };
      const ReceiptItemSchema = ChunkItemSchema.pick({ seq: true, rejected: true });
      for await (const item of queryAll(client, query)) chunks.push(ReceiptItemSchema.parse(item));
      return chunks;
    },

    /** The sealed parts of a chunk that are still stored, in part order. */
    async sealedParts(rosterId: string, seq: number): Promise<SealedPart[]> {
      const parts: SealedPart[] = [];
      const query = {
        TableName: rostersTable(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sealed)',
        ExpressionAttributeValues: { ':pk': rosterKey(rosterId).pk, ':sealed': sealedPrefix(seq) },
      };
      for await (const item of queryAll(client, query)) parts.push(toSealedPart(item));
      return parts;
    },

    /**
     * Moves the roster to processing and stores its RosterCompleted event, on condition it is
     * still receiving and no other roster of its partner is processing (else
     * `AnotherRosterApplyingError`): the roster takes its partner's riders, to write them alone.
     */
    async complete(roster: Roster, event: Envelope): Promise<void> {
      await transact(client, [
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: openRostersKey(roster.partnerId),
              UpdateExpression: 'SET applying = :roster',
              ConditionExpression: 'attribute_not_exists(applying) OR applying = :roster',
              ExpressionAttributeValues: { ':roster': roster.id },
            },
          },
          onConditionFailed: () => new AnotherRosterApplyingError(),
        },
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: rosterKey(roster.id),
              UpdateExpression: 'SET #status = :processing, chunks = :chunks, processingStatus = :processing, processingSince = :since',
              ConditionExpression: '#status = :receiving',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':processing': 'processing', ':chunks': roster.chunks, ':receiving': 'receiving', ':since': event.occurredAt },
            },
          },
          onConditionFailed: () => new ConflictError(`Roster ${roster.id} is no longer receiving`),
        },
        outboxPut(rostersTable(), event),
      ]);
    },

    /** The partner's riders among `riderIds`, by rider id, read consistently: a rider just written is found. */
    async riders(partnerId: string, riderIds: string[]): Promise<Map<string, Rider>> {
      const items = await batchGet(client, ridersTable(), riderIds.map((id) => riderKey(partnerId, id)), { consistent: true });
      return new Map(items.map(toRider).map((rider) => [rider.riderId, rider]));
    },

    /**
     * Every rider of one shard, whole and read consistently, by rider id: a snapshot's shard
     * step compares its rows and finds its departures against them, reading a partition in 1 MB
     * pages (a read unit per 4 KB) instead of a rider at a time (a unit each).
     */
    async shardRiders(partnerId: string, shard: number): Promise<Map<string, Rider>> {
      const riders = new Map<string, Rider>();
      const query = {
        TableName: ridersTable(),
        KeyConditionExpression: 'pk = :shard AND begins_with(sk, :rider)',
        ExpressionAttributeValues: { ':shard': ridersOfShard(partnerId, shard), ':rider': RIDER_PREFIX },
        ConsistentRead: true,
      };
      for await (const item of queryAll(client, query)) {
        const rider = toRider(item);
        riders.set(rider.riderId, rider);
      }
      return riders;
    },

    /** A rider with what the membership service last said of it, when it said anything. */
    async getRider(partnerId: string, riderId: string): Promise<Rider | undefined> {
      const items = await batchGet(client, ridersTable(), [riderKey(partnerId, riderId), riderMembershipKey(partnerId, riderId)], { consistent: true });
      const rider = items.find((item) => String(item.sk).startsWith(RIDER_PREFIX));
      if (!rider) return undefined;
      const membership = items.find((item) => !String(item.sk).startsWith(RIDER_PREFIX));
      return { ...toRider(rider), ...(membership ? { membership: MembershipItemSchema.parse(membership) } : {}) };
    },

    /**
     * Announces riders, then writes them: the announcements go into the outbox, up to
     * `OUTBOX_EVENTS_PER_ITEM` to an item, once (an item's id names its events: a second attempt
     * finds it there and leaves it); the riders are put with `BatchWriteItem`, without
     * conditions: one roster at a time writes a partner's riders (`complete`), and the
     * announcements already hold what they become, so a crash between the two is mended by
     * running the step again.
     */
    async saveRiders(riders: readonly Rider[], announcements: readonly Envelope[]): Promise<void> {
      await Promise.all(
        inGroupsOf(announcements, OUTBOX_EVENTS_PER_ITEM).map((events) =>
          client.send(new PutCommand({ TableName: rostersTable(), Item: outboxItem(events), ConditionExpression: 'attribute_not_exists(pk)' })).catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          }),
        ),
      );
      await batchWrite(client, ridersTable(), riders.map((rider) => ({ PutRequest: { Item: riderItem(rider) } })));
    },

    /**
     * Stores a snapshot chunk's rows sorted into shards, sealed. Put again by a retried chunk,
     * they are the same items holding the same rows.
     */
    async stageShardParts(rosterId: string, parts: readonly ShardPart[]): Promise<void> {
      await batchWrite(client, rostersTable(), parts.map((part) => ({ PutRequest: { Item: { ...shardPartKey(rosterId, part.shard, part.seq, part.part), rosterId, ...part } } })));
    },

    /**
     * What the roster's chunks listed in one shard: the sealed parts of their rows, and the ids
     * listed by chunks applied before shards applied rows (a roster in flight across that change).
     */
    async shardListed(rosterId: string, shard: number): Promise<{ parts: ShardPart[]; appliedIds: Set<string> }> {
      const parts: ShardPart[] = [];
      const appliedIds = new Set<string>();
      const query = {
        TableName: rostersTable(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seen)',
        ExpressionAttributeValues: { ':pk': rosterKey(rosterId).pk, ':seen': seenPrefix(shard) },
      };
      for await (const item of queryAll(client, query)) {
        if ('riderIds' in item) for (const id of SeenIdsItemSchema.parse(item).riderIds) appliedIds.add(id);
        else parts.push(ShardPartItemSchema.parse(item));
      }
      return { parts, appliedIds };
    },

    /**
     * Records what applying a chunk did and adds it to the roster's counts, in one transaction:
     * on condition the chunk was not recorded before (else `ChunkAppliedBeforeError`: its
     * counts are in already) and the roster is still processing (else `RosterNotProcessingError`).
     * Its sealed rows are left to expire (see `SEALED_ROWS_TTL_DAYS`).
     */
    async recordChunkApplied(rosterId: string, chunk: Pick<Chunk, 'seq'>, applied: AppliedCounts): Promise<void> {
      await transact(client, [
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: chunkKey(rosterId, chunk.seq),
              // `sealedRows`: where chunks stored before parts existed kept their rows.
              UpdateExpression: 'SET applied = :applied REMOVE sealedRows',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(applied)',
              ExpressionAttributeValues: { ':applied': applied },
            },
          },
          onConditionFailed: () => new ChunkAppliedBeforeError(),
        },
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: rosterKey(rosterId),
              UpdateExpression: 'ADD #rows.created :created, #rows.updated :updated, #rows.unchanged :unchanged, progress.chunksApplied :one',
              ConditionExpression: '#status = :processing',
              ExpressionAttributeNames: { '#rows': 'rows', '#status': 'status' },
              ExpressionAttributeValues: { ':created': applied.created, ':updated': applied.updated, ':unchanged': applied.unchanged, ':one': 1, ':processing': 'processing' },
            },
          },
          onConditionFailed: () => new RosterNotProcessingError(),
        },
      ]);
    },

    /** Adds what a step of applying the roster consumed to the roster's capacity. */
    async addCapacity(rosterId: string, capacity: Capacity): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: rostersTable(),
          Key: rosterKey(rosterId),
          UpdateExpression: 'ADD #capacity.readUnits :read, #capacity.writeUnits :write',
          ConditionExpression: 'attribute_exists(#capacity)',
          ExpressionAttributeNames: { '#capacity': 'capacity' },
          ExpressionAttributeValues: { ':read': capacity.readUnits, ':write': capacity.writeUnits },
        }),
      ).catch((error: unknown) => {
        // A roster from before capacity was counted keeps no count.
        if (!isConditionFailure(error)) throw error;
      });
    },

    /**
     * Whether chunk `seq` is the one to send the snapshot's shard tasks: the first chunk to ask,
     * and that chunk alone whenever it asks again (its task came again, perhaps because it died
     * before the tasks reached the queue). Every chunk that finds all chunks applied asks; the
     * last few find that at once, and if each sent them, a shard's copies could run at once and
     * apply it twice.
     */
    async claimShardTasks(rosterId: string, seq: number): Promise<boolean> {
      return client
        .send(
          new UpdateCommand({
            TableName: rostersTable(),
            Key: rosterKey(rosterId),
            UpdateExpression: 'SET #sender = :seq',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#sender) OR #sender = :seq)',
            ExpressionAttributeNames: { '#sender': 'shardTasksSentBy' },
            ExpressionAttributeValues: { ':seq': seq },
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            if (isConditionFailure(error)) return false;
            throw error;
          },
        );
    },

    /** Whether a snapshot's shard was applied already. */
    async shardApplied(rosterId: string, shard: number): Promise<boolean> {
      return (await getItem(shardAppliedKey(rosterId, shard))) !== undefined;
    },

    /**
     * Records what applying a shard did and adds it to the roster's counts, in one transaction:
     * on condition the shard was not recorded before (else `ShardAppliedBeforeError`) and the
     * roster is still processing (else `RosterNotProcessingError`).
     */
    async recordShardApplied(rosterId: string, shard: number, counts: ShardCounts): Promise<void> {
      await transact(client, [
        {
          item: { Put: { TableName: rostersTable(), Item: { ...shardAppliedKey(rosterId, shard), ...counts }, ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new ShardAppliedBeforeError(),
        },
        {
          item: {
            Update: {
              TableName: rostersTable(),
              Key: rosterKey(rosterId),
              UpdateExpression: 'ADD #rows.created :created, #rows.updated :updated, #rows.unchanged :unchanged, #rows.departed :departed, progress.shardsDeparted :one',
              ConditionExpression: '#status = :processing',
              ExpressionAttributeNames: { '#rows': 'rows', '#status': 'status' },
              ExpressionAttributeValues: { ':created': counts.created, ':updated': counts.updated, ':unchanged': counts.unchanged, ':departed': counts.departed, ':one': 1, ':processing': 'processing' },
            },
          },
          onConditionFailed: () => new RosterNotProcessingError(),
        },
      ]);
    },

    /**
     * Records what the membership service said of riders (one announcement: at most 100), each
     * on condition its record holds no newer version (an older announcement, delivered late or
     * again, never overwrites a newer one), whether or not the rider itself is stored yet. One
     * transaction, sent again without the riders whose condition failed. Answers how many it
     * recorded.
     */
    async recordMemberships(entries: readonly { partnerId: string; riderId: string; membership: RiderMembership }[]): Promise<number> {
      const newest = new Map<string, (typeof entries)[number]>();
      for (const entry of entries) {
        const key = `${entry.partnerId}#${entry.riderId}`;
        if ((newest.get(key)?.membership.version ?? 0) < entry.membership.version) newest.set(key, entry);
      }
      let pending = [...newest.values()];
      for (let attempt = 1; pending.length > 0; attempt++) {
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: pending.map(({ partnerId, riderId, membership }) => ({
                Put: { TableName: ridersTable(), Item: { ...riderMembershipKey(partnerId, riderId), ...membership }, ConditionExpression: 'attribute_not_exists(pk) OR version < :version', ExpressionAttributeValues: { ':version': membership.version } },
              })),
            }),
          );
          return pending.length;
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons || attempt >= MEMBERSHIP_ATTEMPTS) throw error;
          // Riders holding newer news are left as they are; a transaction that only met another is sent again.
          pending = pending.filter((_, i) => reasons[i] !== 'ConditionalCheckFailed');
          if (!reasons.includes('ConditionalCheckFailed')) await sleep(50 * attempt);
        }
      }
      return 0;
    },

    /** Rosters that entered `status` (receiving or processing) before `before` (ISO time) and are still in it. */
    async inProgressSince(status: 'receiving' | 'processing', before: string): Promise<string[]> {
      const ids: string[] = [];
      const query = {
        TableName: rostersTable(),
        IndexName: ROSTERS_IN_PROGRESS,
        KeyConditionExpression: 'processingStatus = :status AND processingSince < :before',
        ExpressionAttributeValues: { ':status': status, ':before': before },
        ProjectionExpression: 'id',
      };
      const IdSchema = z.object({ id: z.string() });
      for await (const item of queryAll(client, query)) ids.push(IdSchema.parse(item).id);
      return ids;
    },

    /**
     * Marks a roster failed with the reason, on condition it is still in the status it was read
     * in (receiving or processing), gives back its partner's open slot and stores its
     * RosterFinished event, in one transaction; says whether it did.
     */
    async fail(roster: Pick<Roster, 'id' | 'partnerId' | 'status'>, reason: string, event: Envelope): Promise<boolean> {
      return leave(roster, { status: 'failed', set: 'failureReason = :reason', values: { ':reason': reason } }, event);
    },

    /**
     * Abandons a roster still receiving, or failed, on condition it still is, giving back the
     * partner's slot it held; then drops the rows it sealed (TTL would, within a week). Says
     * whether it did.
     */
    async abandon(roster: Pick<Roster, 'id' | 'partnerId' | 'status'>, at: string): Promise<boolean> {
      if (!(await leave(roster, { status: 'abandoned', set: 'abandonedAt = :at', values: { ':at': at } }))) return false;
      const keys: WriteRequest[] = [];
      // The chunks' sealed rows, and those a failed snapshot sorted into its shards.
      for (const prefix of [SEALED_PREFIX, SEEN_PREFIX]) {
        const query = {
          TableName: rostersTable(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': rosterKey(roster.id).pk, ':prefix': prefix },
          ProjectionExpression: 'pk, sk',
        };
        for await (const item of queryAll(client, query)) keys.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
      }
      await batchWrite(client, rostersTable(), keys);
      return true;
    },

    /**
     * Completes a roster whose counts every step added, on condition it is still processing and
     * every step was recorded (`chunks` chunks, and `shards` shards for a snapshot), gives back
     * its partner's open slot and stores its RosterFinished event; says whether it did.
     */
    async finish(roster: Pick<Roster, 'id' | 'partnerId'>, done: { chunks: number; shards?: number }, completedAt: string, event: Envelope): Promise<boolean> {
      return leave(
        { ...roster, status: 'processing' },
        {
          status: 'completed',
          set: 'completedAt = :at',
          condition: `progress.chunksApplied = :chunks${done.shards === undefined ? '' : ' AND progress.shardsDeparted = :shards'}`,
          values: { ':at': completedAt, ':chunks': done.chunks, ...(done.shards === undefined ? {} : { ':shards': done.shards }) },
        },
        event,
      );
    },
  };
}

export type RosterRepository = ReturnType<typeof makeRosterRepository>;
