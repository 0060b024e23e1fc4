import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import type { Capacity } from '../../shared/capacity.js';
import { batchGet, batchWrite, type WriteRequest } from '../../shared/dynamo-batch.js';
import { ConcurrentChangeError, outboxPut, queryAll, transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { OccupationSchema } from '../../shared/occupations.js';
import { indexOf } from '../../shared/topology.js';
import type { AppliedCounts, Chunk, RowRejection, SealedPart } from './domain/chunk.js';
import { shardOf, type Rider, type RiderChange, type RiderMembership } from './domain/rider.js';
import { ChunkRateError, RosterFullError, TooManyOpenRostersError, minuteOf, type RosterLimits } from './domain/limits.js';
import { RosterStateError, isOpen, type Roster, type RosterStatus } from './domain/roster.js';
import { CHUNK_PREFIX, chunkKey, chunkRateKey, departuresKey, openRostersKey, riderKey, rosterKey, sealedPartKey, sealedPrefix, SEALED_PREFIX, seenKey, seenPrefix } from './keys.js';
import { rostersService } from './service.js';

const table = rostersService.tables.rosters;
const RIDERS_BY_SHARD = indexOf(table, 'ridersByShard');
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

/** A shard whose departures were recorded before: its count is in the roster already. */
export class DeparturesCountedBeforeError extends Error {}

/** The roster left processing (failed by the watchdog, or completed): its steps stop. */
export class RosterNotProcessingError extends Error {}

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
  isMember: z.boolean().optional(),
  sharedWithPlatforms: z.boolean().optional(),
  memberVersion: CountSchema.optional(),
});

const toRider = (item: Record<string, unknown>): Rider => {
  const { isMember, sharedWithPlatforms, memberVersion, rowFingerprint, ...rider } = RiderItemSchema.parse(item);
  const withFingerprint = rowFingerprint === undefined ? rider : { ...rider, rowFingerprint };
  if (isMember === undefined || memberVersion === undefined) return withFingerprint;
  return { ...withFingerprint, membership: { isMember, sharedWithPlatforms: sharedWithPlatforms === true, version: memberVersion } };
};

/** The rider's shard of its partner's riders, which the departures index is keyed by. */
const partnerShardOf = (partnerId: string, riderId: string) => `${partnerId}#${String(shardOf(riderId)).padStart(2, '0')}`;

/** The attributes a roster owns on a rider item; the membership attributes are the projector's. */
const rosterFieldsOf = (rider: Rider) => {
  const { partnerId, riderId, personIndex, contactIndex, status, regionCode, station, occupation, maskedName, maskedMobile, lastRosterId, lastChange, rowFingerprint } = rider;
  return {
    partnerId,
    partnerShard: partnerShardOf(partnerId, riderId),
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

const SeenItemSchema = z.object({ riderIds: z.array(z.string()) });
const DeparturesItemSchema = z.object({ departed: CountSchema });

/** How long the ids a roster's chunks listed are kept (for its departures); the roster takes an hour at most. */
const SEEN_TTL_SECONDS = 7 * 24 * 3600;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export function makeRosterRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  /**
   * A rider's roster fields, written on condition the rider is still as read (`basedOn`): new,
   * or last touched by that roster. A fingerprint the rider no longer has is removed.
   */
  const riderUpdate = ({ rider, basedOn }: RiderChange): TransactItem => {
    const entries = Object.entries(rosterFieldsOf(rider));
    return {
      Update: {
        TableName: tableName,
        Key: riderKey(rider.partnerId, rider.riderId),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}${rider.rowFingerprint ? '' : ' REMOVE rowFingerprint'}`,
        ConditionExpression: basedOn === null ? 'attribute_not_exists(lastRosterId)' : 'lastRosterId = :basedOn',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])), ...(basedOn === null ? {} : { ':basedOn': basedOn }) },
      },
    };
  };

  /**
   * Moves a roster out of `roster.status` into `change.status`, on that condition (and any
   * other), out of the watchdog's index; a roster that held one of its partner's open slots
   * gives it back in the same transaction. Says whether it moved.
   */
  const leave = async (
    roster: Pick<Roster, 'id' | 'partnerId' | 'status'>,
    change: { status: RosterStatus; set: string; condition?: string; values: Record<string, unknown> },
  ): Promise<boolean> => {
    try {
      await transact(client, [
        {
          Update: {
            TableName: tableName,
            Key: rosterKey(roster.id),
            UpdateExpression: `SET #status = :to, ${change.set} REMOVE processingStatus, processingSince`,
            ConditionExpression: `#status = :from${change.condition ? ` AND ${change.condition}` : ''}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':to': change.status, ':from': roster.status, ...change.values },
          },
        },
        ...(isOpen(roster.status)
          ? [{ Update: { TableName: tableName, Key: openRostersKey(roster.partnerId), UpdateExpression: 'ADD #open :minusOne', ExpressionAttributeNames: { '#open': 'open' }, ExpressionAttributeValues: { ':minusOne': -1 } } }]
          : []),
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
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: rosterKey(rosterId), ConsistentRead: options.consistent === true }));
      return Item && toRoster(Item);
    },

    /**
     * Writes a new roster and takes one of its partner's open slots, in one transaction: on
     * condition the id is new and the partner holds fewer than the limit (else `TooManyOpenRostersError`).
     */
    async create(roster: Roster, limits: Pick<RosterLimits, 'openRostersPerPartner'>): Promise<void> {
      await transact(client, [
        { Put: { TableName: tableName, Item: rosterItem(roster), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          item: {
            Update: {
              TableName: tableName,
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
          TableName: tableName,
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
          item: { Put: { TableName: tableName, Item: chunkItem(roster.id, chunk), ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new ChunkExistsError(chunk.seq),
        },
        {
          item: {
            Update: {
              TableName: tableName,
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
              TableName: tableName,
              Key: chunkRateKey(roster.partnerId, minute),
              UpdateExpression: 'ADD #chunks :one SET expiresAt = :expiresAt',
              ConditionExpression: 'attribute_not_exists(#chunks) OR #chunks < :limit',
              ExpressionAttributeNames: { '#chunks': 'chunks' },
              ExpressionAttributeValues: { ':one': 1, ':limit': limits.chunksPerMinute, ':expiresAt': (minute + 10) * 60 },
            },
          },
          onConditionFailed: () => new ChunkRateError(limits.chunksPerMinute, now),
        },
        ...sealed.map((part): TransactItem => ({ Put: { TableName: tableName, Item: sealedPartItem(roster.id, chunk.seq, part) } })),
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
        TableName: tableName,
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
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sealed)',
        ExpressionAttributeValues: { ':pk': rosterKey(rosterId).pk, ':sealed': sealedPrefix(seq) },
      };
      for await (const item of queryAll(client, query)) parts.push(toSealedPart(item));
      return parts;
    },

    /** Moves the roster to processing and stores its RosterCompleted event, on condition it is still receiving. */
    async complete(roster: Roster, event: Envelope): Promise<void> {
      await transact(client, [
        {
          item: {
            Update: {
              TableName: tableName,
              Key: rosterKey(roster.id),
              UpdateExpression: 'SET #status = :processing, chunks = :chunks, processingStatus = :processing, processingSince = :since',
              ConditionExpression: '#status = :receiving',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':processing': 'processing', ':chunks': roster.chunks, ':receiving': 'receiving', ':since': event.occurredAt },
            },
          },
          onConditionFailed: () => new ConflictError(`Roster ${roster.id} is no longer receiving`),
        },
        outboxPut(tableName, event),
      ]);
    },

    /**
     * The partner's riders among `riderIds` (at most 100), by rider id, read consistently: what
     * a write is conditioned on must be what was last written.
     */
    async riders(partnerId: string, riderIds: string[]): Promise<Map<string, Rider>> {
      const items = await batchGet(client, tableName, riderIds.map((id) => riderKey(partnerId, id)), { consistent: true });
      return new Map(items.map(toRider).map((rider) => [rider.riderId, rider]));
    },

    /** The partner's riders in one shard, a page at a time. */
    async *shardRiders(partnerId: string, shard: number): AsyncGenerator<Rider[]> {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: RIDERS_BY_SHARD,
            KeyConditionExpression: 'partnerShard = :shard',
            ExpressionAttributeValues: { ':shard': `${partnerId}#${String(shard).padStart(2, '0')}` },
            ExclusiveStartKey,
          }),
        );
        yield (page.Items ?? []).map(toRider);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    },

    async getRider(partnerId: string, riderId: string): Promise<Rider | undefined> {
      const item = await getItem(riderKey(partnerId, riderId));
      return item && toRider(item);
    },

    /**
     * Writes riders with their one announcement in one transaction (so at most `RIDERS_PER_WRITE`),
     * each on condition it is still as read (else `ConcurrentChangeError`: read again). An update,
     * not a put: what the membership service said of the rider is not the roster's to erase.
     */
    async saveRiders(changes: RiderChange[], announcement: Envelope | undefined): Promise<void> {
      if (changes.length === 0) return;
      await transact(client, [...changes.map(riderUpdate), ...(announcement ? [outboxPut(tableName, announcement)] : [])]);
    },

    /**
     * Records the rider ids a chunk listed, by shard, for the snapshot's departures. Put again by
     * a retried chunk, they are the same items with the same ids.
     */
    async recordSeen(rosterId: string, seq: number, byShard: Map<number, string[]>, now: Date): Promise<void> {
      const expiresAt = Math.floor(now.getTime() / 1000) + SEEN_TTL_SECONDS;
      await batchWrite(client, tableName, [...byShard].map(([shard, riderIds]) => ({ PutRequest: { Item: { ...seenKey(rosterId, shard, seq), riderIds, expiresAt } } })));
    },

    /** Every rider id the roster's chunks listed in one shard. */
    async seenIn(rosterId: string, shard: number): Promise<Set<string>> {
      const seen = new Set<string>();
      const query = {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seen)',
        ExpressionAttributeValues: { ':pk': rosterKey(rosterId).pk, ':seen': seenPrefix(shard) },
      };
      for await (const item of queryAll(client, query)) for (const id of SeenItemSchema.parse(item).riderIds) seen.add(id);
      return seen;
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
              TableName: tableName,
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
              TableName: tableName,
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
          TableName: tableName,
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

    /** Whether a shard's departures were counted already. */
    async departuresCounted(rosterId: string, shard: number): Promise<boolean> {
      return (await getItem(departuresKey(rosterId, shard))) !== undefined;
    },

    /**
     * Records a shard's departures and adds them to the roster's count, in one transaction: on
     * condition the shard was not counted before (else
     * `DeparturesCountedBeforeError`) and the roster is still processing.
     */
    async recordDepartures(rosterId: string, shard: number, departed: number): Promise<void> {
      await transact(client, [
        {
          item: { Put: { TableName: tableName, Item: { ...departuresKey(rosterId, shard), departed }, ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new DeparturesCountedBeforeError(),
        },
        {
          item: {
            Update: {
              TableName: tableName,
              Key: rosterKey(rosterId),
              UpdateExpression: 'ADD #rows.departed :departed, progress.shardsDeparted :one',
              ConditionExpression: '#status = :processing',
              ExpressionAttributeNames: { '#rows': 'rows', '#status': 'status' },
              ExpressionAttributeValues: { ':departed': departed, ':one': 1, ':processing': 'processing' },
            },
          },
          onConditionFailed: () => new RosterNotProcessingError(),
        },
      ]);
    },

    /**
     * Records what the membership service said of riders, in one transaction (at most 100), each
     * on condition the rider exists and holds no newer version (else `ConcurrentChangeError`:
     * read again): an older announcement never overwrites a newer one.
     */
    async recordMemberships(entries: readonly { partnerId: string; riderId: string; membership: RiderMembership }[]): Promise<void> {
      if (entries.length === 0) return;
      await transact(
        client,
        entries.map(({ partnerId, riderId, membership }) => ({
          Update: {
            TableName: tableName,
            Key: riderKey(partnerId, riderId),
            UpdateExpression: 'SET isMember = :isMember, sharedWithPlatforms = :shared, memberVersion = :version',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(memberVersion) OR memberVersion < :version)',
            ExpressionAttributeValues: { ':isMember': membership.isMember, ':shared': membership.sharedWithPlatforms, ':version': membership.version },
          },
        })),
      );
    },

    /** Rosters that entered `status` (receiving or processing) before `before` (ISO time) and are still in it. */
    async inProgressSince(status: 'receiving' | 'processing', before: string): Promise<string[]> {
      const ids: string[] = [];
      const query = {
        TableName: tableName,
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
     * in (receiving or processing), and gives back its partner's open slot; says whether it did.
     */
    async fail(roster: Pick<Roster, 'id' | 'partnerId' | 'status'>, reason: string): Promise<boolean> {
      return leave(roster, { status: 'failed', set: 'failureReason = :reason', values: { ':reason': reason } });
    },

    /**
     * Abandons a roster still receiving, or failed, on condition it still is, giving back the
     * partner's slot it held; then drops the rows it sealed (TTL would, within a week). Says
     * whether it did.
     */
    async abandon(roster: Pick<Roster, 'id' | 'partnerId' | 'status'>, at: string): Promise<boolean> {
      if (!(await leave(roster, { status: 'abandoned', set: 'abandonedAt = :at', values: { ':at': at } }))) return false;
      const keys: WriteRequest[] = [];
      const query = {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sealed)',
        ExpressionAttributeValues: { ':pk': rosterKey(roster.id).pk, ':sealed': SEALED_PREFIX },
        ProjectionExpression: 'pk, sk',
      };
      for await (const item of queryAll(client, query)) keys.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
      await batchWrite(client, tableName, keys);
      return true;
    },

    /**
     * Completes a roster whose counts every step added, on condition it is still processing and
     * every step was recorded (`chunks` chunks, and `shards` shards for a snapshot), and gives
     * back its partner's open slot; says whether it did.
     */
    async finish(roster: Pick<Roster, 'id' | 'partnerId'>, done: { chunks: number; shards?: number }, completedAt: string): Promise<boolean> {
      return leave(
        { ...roster, status: 'processing' },
        {
          status: 'completed',
          set: 'completedAt = :at',
          condition: `progress.chunksApplied = :chunks${done.shards === undefined ? '' : ' AND progress.shardsDeparted = :shards'}`,
          values: { ':at': completedAt, ':chunks': done.chunks, ...(done.shards === undefined ? {} : { ':shards': done.shards }) },
        },
      );
    },
  };
}

export type RosterRepository = ReturnType<typeof makeRosterRepository>;
