import { BatchGetCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { outboxPut, queryAll, transact, type Page, type TransactItem } from '../../shared/dynamo.js';
import { ConflictError, InvalidInputError } from '../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { OccupationSchema } from '../../shared/occupations.js';
import { withRetries } from '../../shared/retry.js';
import { indexOf } from '../../shared/topology.js';
import type { AppliedCounts, Chunk, RowRejection, SealedPart } from './domain/chunk.js';
import type { Rider, RiderChange, RiderMembership } from './domain/rider.js';
import { RosterStateError, type Roster, type RowCounts } from './domain/roster.js';
import { CHUNK_PREFIX, chunkKey, riderKey, rosterKey, sealedPartKey, sealedPrefix } from './keys.js';
import { rostersService } from './service.js';

const table = rostersService.tables.rosters;
const RIDERS_BY_PARTNER = indexOf(table, 'ridersByPartner');
const ROSTERS_IN_PROGRESS = indexOf(table, 'rostersInProgress');

/** A chunk with this seq is stored already: the caller compares its rows with the stored ones. */
export class ChunkExistsError extends ConflictError {
  constructor(seq: number) {
    super(`Chunk ${seq} was already sent`);
  }
}

/** A batch read that DynamoDB left partly unanswered (throttling); read again, a bounded number of times. */
class UnprocessedKeysError extends Error {}

// One schema per stored entity: items are parsed, never cast, into the domain's types.

const CountSchema = z.number().int();

const RosterItemSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  platform: z.string(),
  mode: z.enum(['snapshot', 'delta']),
  asOf: z.string(),
  status: z.enum(['receiving', 'processing', 'completed', 'failed']),
  chunks: z.number().int().nullable(),
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

const rosterItem = (roster: Roster) => ({ ...rosterKey(roster.id), ...roster });

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
  lastRosterId: z.string(),
  lastChange: z.enum(['created', 'updated', 'unchanged', 'departed']),
  isMember: z.boolean().optional(),
  sharedWithPlatforms: z.boolean().optional(),
  memberVersion: CountSchema.optional(),
});

const toRider = (item: Record<string, unknown>): Rider => {
  const { isMember, sharedWithPlatforms, memberVersion, ...rider } = RiderItemSchema.parse(item);
  if (isMember === undefined || memberVersion === undefined) return rider;
  return { ...rider, membership: { isMember, sharedWithPlatforms: sharedWithPlatforms === true, version: memberVersion } };
};

/** The attributes a roster owns on a rider item; the membership attributes are the projector's. */
const rosterFieldsOf = (rider: Rider) => {
  const { partnerId, riderId, personIndex, contactIndex, status, regionCode, station, occupation, lastRosterId, lastChange } = rider;
  return { partnerId, riderId, personIndex, ...(contactIndex ? { contactIndex } : {}), status, regionCode, station, occupation, lastRosterId, lastChange };
};

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Riders written per transaction: each may bring an outbox item, and DynamoDB allows 100 items. */
const RIDERS_PER_TRANSACTION = 50;

export function makeRosterRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const rosterFieldsUpdate = (rider: Rider): TransactItem => {
    const fields = rosterFieldsOf(rider);
    const entries = Object.entries(fields);
    return {
      Update: {
        TableName: tableName,
        Key: riderKey(rider.partnerId, rider.riderId),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])),
      },
    };
  };

  return {
    async get(rosterId: string): Promise<Roster | undefined> {
      const item = await getItem(rosterKey(rosterId));
      return item && toRoster(item);
    },

    async create(roster: Roster): Promise<void> {
      await transact(client, [{ Put: { TableName: tableName, Item: rosterItem(roster), ConditionExpression: 'attribute_not_exists(pk)' } }]);
    },

    async getChunk(rosterId: string, seq: number): Promise<Chunk | undefined> {
      const item = await getItem(chunkKey(rosterId, seq));
      return item && toChunk(item);
    },

    /**
     * Stores a chunk's receipt and its sealed parts and adds its row counts to the roster, all in
     * one transaction: on condition that the seq is new (else `ChunkExistsError`) and the roster
     * still receiving (else `RosterStateError`).
     */
    async putChunk(roster: Roster, chunk: Chunk, sealed: SealedPart[]): Promise<void> {
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
              ConditionExpression: '#status = :receiving',
              ExpressionAttributeNames: { '#rows': 'rows', '#status': 'status' },
              ExpressionAttributeValues: { ':received': chunk.received, ':accepted': chunk.accepted, ':rejected': chunk.received - chunk.accepted, ':receiving': 'receiving' },
            },
          },
          onConditionFailed: () => new RosterStateError(roster.id, roster.status),
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

    /** The partner's riders among `riderIds` (at most 100), by rider id. */
    async riders(partnerId: string, riderIds: string[]): Promise<Map<string, Rider>> {
      const found = new Map<string, Rider>();
      let keys = riderIds.map((id) => riderKey(partnerId, id));
      if (keys.length === 0) return found;
      await withRetries(
        async () => {
          const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
          for (const item of Responses?.[tableName] ?? []) {
            const rider = toRider(item);
            found.set(rider.riderId, rider);
          }
          const left = UnprocessedKeys?.[tableName]?.Keys ?? [];
          if (left.length > 0) {
            keys = left.map((key) => ({ pk: String(key.pk), sk: String(key.sk) }));
            throw new UnprocessedKeysError();
          }
        },
        { times: 8, isRetryable: (error) => error instanceof UnprocessedKeysError, pauseMs: 100 },
      );
      return found;
    },

    async *partnerRiders(partnerId: string): AsyncGenerator<Rider> {
      const query = {
        TableName: tableName,
        IndexName: RIDERS_BY_PARTNER,
        KeyConditionExpression: 'partnerId = :partnerId',
        ExpressionAttributeValues: { ':partnerId': partnerId },
      };
      for await (const item of queryAll(client, query)) yield toRider(item);
    },

    async getRider(partnerId: string, riderId: string): Promise<Rider | undefined> {
      const item = await getItem(riderKey(partnerId, riderId));
      return item && toRider(item);
    },

    /**
     * Writes riders (unchanged ones too: they record that this roster saw them) with their
     * events, a bounded number to a transaction. An update, not a put: what the membership
     * service said of the rider is not the roster's to erase.
     */
    async saveRiders(changes: RiderChange[]): Promise<void> {
      for (let i = 0; i < changes.length; i += RIDERS_PER_TRANSACTION) {
        const items: TransactItem[] = changes
          .slice(i, i + RIDERS_PER_TRANSACTION)
          .flatMap((change) => [rosterFieldsUpdate(change.rider), ...(change.event ? [outboxPut(tableName, change.event)] : [])]);
        await transact(client, items);
      }
    },

    /**
     * Records what the membership service said of a rider, on condition the rider exists and
     * holds no newer version: an older announcement never overwrites a newer one. Says whether
     * it was recorded.
     */
    async recordMembership(partnerId: string, riderId: string, membership: RiderMembership): Promise<boolean> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: riderKey(partnerId, riderId),
            UpdateExpression: 'SET isMember = :isMember, sharedWithPlatforms = :shared, memberVersion = :version',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(memberVersion) OR memberVersion < :version)',
            ExpressionAttributeValues: { ':isMember': membership.isMember, ':shared': membership.sharedWithPlatforms, ':version': membership.version },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Records what applying a chunk did and deletes its sealed rows in the same transaction. */
    async markChunkApplied(rosterId: string, chunk: Chunk, applied: AppliedCounts): Promise<void> {
      await transact(client, [
        {
          Update: {
            TableName: tableName,
            Key: chunkKey(rosterId, chunk.seq),
            // `sealedRows`: where chunks stored before parts existed kept their rows.
            UpdateExpression: 'SET applied = :applied REMOVE sealedRows',
            ExpressionAttributeValues: { ':applied': applied },
          },
        },
        ...Array.from({ length: chunk.parts }, (_, i): TransactItem => ({ Delete: { TableName: tableName, Key: sealedPartKey(rosterId, chunk.seq, i + 1) } })),
      ]);
    },

    /** Rosters that entered processing before `before` (ISO time) and are still in it. */
    async stalledSince(before: string): Promise<string[]> {
      const ids: string[] = [];
      const query = {
        TableName: tableName,
        IndexName: ROSTERS_IN_PROGRESS,
        KeyConditionExpression: 'processingStatus = :processing AND processingSince < :before',
        ExpressionAttributeValues: { ':processing': 'processing', ':before': before },
        ProjectionExpression: 'id',
      };
      const IdSchema = z.object({ id: z.string() });
      for await (const item of queryAll(client, query)) ids.push(IdSchema.parse(item).id);
      return ids;
    },

    /** Marks a roster failed, on condition it is still processing; says whether it did. */
    async fail(rosterId: string, reason: string): Promise<boolean> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: rosterKey(rosterId),
            UpdateExpression: 'SET #status = :failed, failureReason = :reason REMOVE processingStatus, processingSince',
            ConditionExpression: '#status = :processing',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':failed': 'failed', ':processing': 'processing', ':reason': reason },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Completes a roster with its counts, on condition it is still processing; says whether it did. */
    async finish(rosterId: string, counts: Pick<RowCounts, 'created' | 'updated' | 'unchanged' | 'departed'>, completedAt: string): Promise<boolean> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: rosterKey(rosterId),
            UpdateExpression:
              'SET #status = :completed, completedAt = :at, #rows.created = :created, #rows.updated = :updated, #rows.unchanged = :unchanged, #rows.departed = :departed REMOVE processingStatus, processingSince',
            ConditionExpression: '#status = :processing',
            ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
            ExpressionAttributeValues: {
              ':completed': 'completed',
              ':processing': 'processing',
              ':at': completedAt,
              ':created': counts.created,
              ':updated': counts.updated,
              ':unchanged': counts.unchanged,
              ':departed': counts.departed,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}

export type RosterRepository = ReturnType<typeof makeRosterRepository>;
