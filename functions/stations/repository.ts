import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { outboxPut, queryAll, transact, type GuardedItem, type Page } from '../../shared/dynamo.js';
import { batchWrite, type WriteRequest } from '../../shared/dynamo-batch.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { orgTreeNodeOf, orgTreeWrite, type OrgTreeNode } from '../../shared/projections/org-tree.js';
import { indexOf } from '../../shared/topology.js';
import { AlreadyVisitedTodayError, StationNotFoundError } from './domain/errors.js';
import { geoKeysOf, rangeEndKey, type CellRange } from './domain/geo.js';
import { StationInputSchema, type Amenity, type Station, type StationCounts } from './domain/station.js';
import { everVisitedKey, orgKey, regionKeyOf, stationKey, visitedOnKey, visitKey, visitorPartition } from './keys.js';
import { stationsService } from './service.js';

const spec = stationsService.tables.stations;

/** A station as stored: what staff registered (the item's keys and counters are other attributes) and what registration added. */
const StationItemSchema = z.object({ ...StationInputSchema.shape, id: z.string(), ancestors: z.array(z.string()), createdAt: z.string() }) satisfies z.ZodType<Station>;

const CountsSchema = z.object({
  visits: z.number().int().default(0),
  uniqueVisitors: z.number().int().default(0),
  ratingSum: z.number().int().default(0),
  ratingCount: z.number().int().default(0),
});

const toStation = (item: Record<string, unknown>): Station => StationItemSchema.parse(item);

/** A new station's item: the station, its index keys and its counters at zero. */
const stationItem = (station: Station) => ({
  ...stationKey(station.id),
  ...station,
  ...geoKeysOf(station.location, station.id),
  province: station.regionCode.slice(0, 2),
  regionKey: regionKeyOf(station.regionCode, station.id),
  visits: 0,
  uniqueVisitors: 0,
  ratingSum: 0,
  ratingCount: 0,
});

/** A day's visit marker outlives its day by one, then TTL removes it. */
const VISIT_MARKER_SECONDS = 2 * 86_400;

export interface VisitRecord {
  id: string;
  stationId: string;
  workerId: string;
  at: Date;
  /** The visit's day in Asia/Shanghai, `YYYY-MM-DD`: one counted visit per worker, station and day. */
  day: string;
  rating?: number;
  comment?: string;
}

export function makeStationRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const get = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

  return {
    async getOrg(orgId: string): Promise<OrgTreeNode | undefined> {
      return orgTreeNodeOf(await get(orgKey(orgId)));
    },

    /** Records an org; an org never moves, so a redelivered event writes the same attributes again. */
    async addOrg(data: OrgCreatedV1Data): Promise<void> {
      await client.send(new UpdateCommand(orgTreeWrite(tableName, orgKey(data.orgId), data).Update!));
    },

    /** The station and its event, in one transaction. */
    async create(station: Station, event: Envelope): Promise<void> {
      await transact(client, [{ Put: { TableName: tableName, Item: stationItem(station), ConditionExpression: 'attribute_not_exists(pk)' } }, outboxPut(tableName, event)]);
    },

    /**
     * Imports stations in bulk (a registry kept elsewhere until now, a benchmark's data set):
     * batched puts, no events, so the figures are not told.
     */
    async importStations(stations: readonly Station[]): Promise<void> {
      await batchWrite(client, tableName, stations.map((station) => ({ PutRequest: { Item: stationItem(station) } })));
    },

    async get(stationId: string): Promise<Station | undefined> {
      const item = await get(stationKey(stationId));
      return item ? toStation(item) : undefined;
    },

    /** The station and what its visits add up to, in one read. */
    async getWithCounts(stationId: string): Promise<{ station: Station; counts: StationCounts } | undefined> {
      const item = await get(stationKey(stationId));
      return item ? { station: toStation(item), counts: CountsSchema.parse(item) } : undefined;
    },

    /** Every station in a run of geohash cells of one partition, with an amenity if one is named. */
    async inRange(range: CellRange, amenity?: Amenity): Promise<Station[]> {
      const stations: Station[] = [];
      for await (const item of queryAll(client, {
        TableName: tableName,
        IndexName: indexOf(spec, 'stationsByCell'),
        KeyConditionExpression: 'geoCell = :cell AND geoKey BETWEEN :from AND :to',
        ...(amenity ? { FilterExpression: 'contains(amenities, :amenity)' } : {}),
        ExpressionAttributeValues: { ':cell': range.partition, ':from': range.from, ':to': rangeEndKey(range), ...(amenity ? { ':amenity': amenity } : {}) },
      })) {
        stations.push(toStation(item));
      }
      return stations;
    },

    /** A page of a province's stations whose region code starts with `regionPrefix`, by region then id. */
    async inRegion(query: { regionPrefix: string; amenity?: Amenity }, request: { limit: number; cursor?: string }): Promise<Page<Station>> {
      const province = query.regionPrefix.slice(0, 2);
      const scope = { list: 'stations.inRegion', region: query.regionPrefix, amenity: query.amenity ?? '' };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexOf(spec, 'stationsByRegion'),
          KeyConditionExpression: 'province = :province AND begins_with(regionKey, :prefix)',
          ...(query.amenity ? { FilterExpression: 'contains(amenities, :amenity)' } : {}),
          ExpressionAttributeValues: { ':province': province, ':prefix': query.regionPrefix, ...(query.amenity ? { ':amenity': query.amenity } : {}) },
          Limit: request.limit,
          ExclusiveStartKey: await decodeCursor(request.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map(toStation), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },

    /**
     * Records a visit: the visit, the station's counters and the worker's markers in one
     * transaction. A second visit the same day is refused (AlreadyVisitedTodayError); a worker's
     * first visit ever also counts a unique visitor (when the ever-visited marker exists, the
     * transaction runs again without it).
     */
    async recordVisit(visit: VisitRecord): Promise<void> {
      const rating = visit.rating === undefined ? {} : { ':rating': visit.rating };
      const attempt = (firstEver: boolean) => {
        const adds = ['visits :one', ...(firstEver ? ['uniqueVisitors :one'] : []), ...(visit.rating === undefined ? [] : ['ratingSum :rating', 'ratingCount :one'])];
        const entries: GuardedItem[] = [
          {
            item: {
              Update: {
                TableName: tableName,
                Key: stationKey(visit.stationId),
                UpdateExpression: `ADD ${adds.join(', ')}`,
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1, ...rating },
              },
            },
            onConditionFailed: () => new StationNotFoundError(visit.stationId),
          },
          {
            item: {
              Put: {
                TableName: tableName,
                Item: { ...visitedOnKey(visit.workerId, visit.stationId, visit.day), expiresAt: Math.floor(visit.at.getTime() / 1000) + VISIT_MARKER_SECONDS },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            onConditionFailed: () => new AlreadyVisitedTodayError(),
          },
          {
            item: {
              Put: {
                TableName: tableName,
                Item: {
                  ...visitKey(visit.stationId, visit.at.toISOString(), visit.id),
                  visitId: visit.id,
                  at: visit.at.toISOString(),
                  ...(visit.rating === undefined ? {} : { rating: visit.rating }),
                  ...(visit.comment === undefined ? {} : { comment: visit.comment }),
                },
              },
            },
          },
        ];
        if (firstEver) {
          entries.push({
            item: { Put: { TableName: tableName, Item: everVisitedKey(visit.workerId, visit.stationId), ConditionExpression: 'attribute_not_exists(pk)' } },
            onConditionFailed: () => new SeenBeforeSignal(),
          });
        }
        return transact(client, entries);
      };
      try {
        await attempt(true);
      } catch (error) {
        if (!(error instanceof SeenBeforeSignal)) throw error;
        await attempt(false);
      }
    },

    /** Deletes the worker's visit markers (erasure); the visits themselves never named them. */
    async forgetVisitor(workerId: string): Promise<void> {
      const deletes: WriteRequest[] = [];
      for await (const item of queryAll(client, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': visitorPartition(workerId) }, ProjectionExpression: 'pk, sk', ConsistentRead: true })) {
        deletes.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
      }
      await batchWrite(client, tableName, deletes);
    },
  };
}

/** The worker has visited the station before: not an error, the cue to count the visit without a new visitor. */
class SeenBeforeSignal extends Error {}

export type StationRepository = ReturnType<typeof makeStationRepository>;
