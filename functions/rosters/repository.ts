import { BatchGetCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import { outboxPut, queryAll, transact, type TransactItem } from '../../shared/dynamo.js';
import { ConflictError } from '../../shared/errors.js';
import type { Rider, RiderChange } from './domain/rider.js';
import { RosterStateError, type ChunkReceipt, type Roster, type RowCounts, type RowRejection } from './domain/roster.js';
import { CHUNK_PREFIX, chunkKey, riderKey, rosterKey } from './keys.js';

export interface StoredChunk extends ChunkReceipt {
  received: number;
  fingerprint: string;
  /** Accepted rows, encrypted, until the roster is applied. */
  sealedRows?: string;
  /** What applying the chunk did, so a redelivered roster counts the same. */
  applied?: Pick<RowCounts, 'created' | 'updated' | 'unchanged'>;
}

/** The roster and the partner's name, which its riders' events carry as their platform. */
export type RosterRecord = Roster & { platform: string };

class ChunkExistsSignal extends Error {}

const receiptOf = (chunk: ChunkReceipt): ChunkReceipt => ({ seq: chunk.seq, accepted: chunk.accepted, rejected: chunk.rejected });

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
};

export function makeRosterRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const getItem = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  const rosterFieldsUpdate = (rider: Rider): TransactItem => {
    const { partnerId, riderId, personIndex, contactIndex, status, regionCode, station, occupation, lastRosterId, lastChange } = rider;
    const fields = { partnerId, riderId, personIndex, ...(contactIndex ? { contactIndex } : {}), status, regionCode, station, occupation, lastRosterId, lastChange };
    const names = Object.keys(fields);
    return {
      Update: {
        TableName: tableName,
        Key: riderKey(partnerId, riderId),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name as keyof typeof fields]])),
      },
    };
  };

  return {
    async get(rosterId: string): Promise<RosterRecord | undefined> {
      const item = await getItem(rosterKey(rosterId));
      return item && strip<RosterRecord>(item);
    },

    async create(roster: RosterRecord): Promise<void> {
      await transact(client, [{ Put: { TableName: tableName, Item: { ...rosterKey(roster.id), ...roster }, ConditionExpression: 'attribute_not_exists(pk)' } }]);
    },

    async getChunk(rosterId: string, seq: number): Promise<StoredChunk | undefined> {
      const item = await getItem(chunkKey(rosterId, seq));
      return item && strip<StoredChunk>(item);
    },

    /**
     * Stores a chunk and adds its row counts to the roster, once. A chunk stored before is
     * answered from storage when the rows are the same, and refused (409) when they are not.
     */
    async putChunk(roster: Roster, chunk: StoredChunk): Promise<ChunkReceipt> {
      try {
        await transact(client, [
          {
            item: { Put: { TableName: tableName, Item: { ...chunkKey(roster.id, chunk.seq), ...chunk }, ConditionExpression: 'attribute_not_exists(pk)' } },
            onConditionFailed: () => new ChunkExistsSignal(),
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
        ]);
        return receiptOf(chunk);
      } catch (error) {
        if (!(error instanceof ChunkExistsSignal)) throw error;
        const existing = (await this.getChunk(roster.id, chunk.seq))!;
        if (existing.fingerprint !== chunk.fingerprint) throw new ConflictError(`Chunk ${chunk.seq} was already sent with other rows`);
        return receiptOf(existing);
      }
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
      for await (const item of queryAll(client, query)) chunks.push(item as { seq: number; rejected: RowRejection[] });
      return chunks;
    },

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

    async riders(partnerId: string, riderIds: string[]): Promise<Map<string, Rider>> {
      const found = new Map<string, Rider>();
      if (riderIds.length === 0) return found;
      let keys: Record<string, string>[] | undefined = riderIds.map((id) => riderKey(partnerId, id));
      while (keys && keys.length > 0) {
        const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        for (const item of Responses?.[tableName] ?? []) found.set(item.riderId, strip<Rider>(item));
        keys = UnprocessedKeys?.[tableName]?.Keys as Record<string, string>[] | undefined;
      }
      return found;
    },

    async *partnerRiders(partnerId: string): AsyncGenerator<Rider> {
      const query = {
        TableName: tableName,
        IndexName: 'ridersByPartner',
        KeyConditionExpression: 'partnerId = :partnerId',
        ExpressionAttributeValues: { ':partnerId': partnerId },
      };
      for await (const item of queryAll(client, query)) yield strip<Rider>(item);
    },

    async getRider(partnerId: string, riderId: string): Promise<Rider | undefined> {
      const item = await getItem(riderKey(partnerId, riderId));
      return item && strip<Rider>(item);
    },

    /**
     * Writes riders (unchanged ones too: they record that this roster saw them) with their
     * events, 50 riders to a transaction (DynamoDB's limit is 100 items). An update, not a put:
     * what the membership service said of the rider (`isMember`) is not the roster's to erase.
     */
    async saveRiders(changes: RiderChange[]): Promise<void> {
      for (let i = 0; i < changes.length; i += 50) {
        const items: TransactItem[] = changes.slice(i, i + 50).flatMap((change) => [
          rosterFieldsUpdate(change.rider),
          ...(change.event ? [outboxPut(tableName, change.event)] : []),
        ]);
        await transact(client, items);
      }
    },

    /** Records whether a rider is a member; an older answer never overwrites a newer one. */
    async recordMembership(partnerId: string, riderId: string, isMember: boolean, version: number): Promise<void> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: riderKey(partnerId, riderId),
            UpdateExpression: 'SET isMember = :isMember, memberVersion = :version',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(memberVersion) OR memberVersion < :version)',
            ExpressionAttributeValues: { ':isMember': isMember, ':version': version },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },

    /** Marks a chunk applied and drops its encrypted rows: they are not kept past their use. */
    async markChunkApplied(rosterId: string, seq: number, applied: StoredChunk['applied']): Promise<void> {
      await client.send(
        new UpdateCommand({ TableName: tableName, Key: chunkKey(rosterId, seq), UpdateExpression: 'SET applied = :applied REMOVE sealedRows', ExpressionAttributeValues: { ':applied': applied } }),
      );
    },

    /** Rosters that entered processing before `before` (ISO time) and are still in it. */
    async stalledSince(before: string): Promise<string[]> {
      const ids: string[] = [];
      const query = {
        TableName: tableName,
        IndexName: 'rostersInProgress',
        KeyConditionExpression: 'processingStatus = :processing AND processingSince < :before',
        ExpressionAttributeValues: { ':processing': 'processing', ':before': before },
        ProjectionExpression: 'id',
      };
      for await (const item of queryAll(client, query)) ids.push(item.id as string);
      return ids;
    },

    /** Marks a roster failed, unless it completed in the meantime. */
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
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async finish(rosterId: string, counts: Pick<RowCounts, 'created' | 'updated' | 'unchanged' | 'departed'>, completedAt: string): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: rosterKey(rosterId),
          UpdateExpression:
            'SET #status = :completed, completedAt = :at, #rows.created = :created, #rows.updated = :updated, #rows.unchanged = :unchanged, #rows.departed = :departed REMOVE processingStatus, processingSince',
          ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
          ExpressionAttributeValues: { ':completed': 'completed', ':at': completedAt, ':created': counts.created, ':updated': counts.updated, ':unchanged': counts.unchanged, ':departed': counts.departed },
        }),
      );
    },
  };
}

export type RosterRepository = ReturnType<typeof makeRosterRepository>;


