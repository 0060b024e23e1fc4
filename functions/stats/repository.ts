import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { z } from 'zod';
import { queryAll, transact, type TransactItem } from '../../shared/dynamo.js';
import { batchGet } from '../../shared/dynamo-batch.js';
import { applyOnce } from '../../shared/events/apply-once.js';
import { orgTreeWrite } from '../../shared/projections/org-tree.js';
import { type CoverageDelta, type OrgDelta, type OrgNode, type RegionCoverage, type RiderCoverage, type StationCoverage, type Target } from './domain/org-stats.js';
import { orgNodeKey, regionKey, riderKey, stationKey, STATIONS_PREFIX, targetKey } from './keys.js';

const CONSUMER = 'statsProjector';

const STRUCTURE = new Set(['pk', 'sk', 'orgId', 'name', 'ancestors', 'parentId', 'regionCode']);

const RiderCoverageItemSchema = z.object({ regionCode: z.string(), station: z.string().nullable().optional(), rostered: z.boolean(), isMember: z.boolean(), version: z.number().int() });
const StationCoverageItemSchema = z.object({ regionCode: z.string(), station: z.string(), riders: z.number().int(), ridersWhoAreMembers: z.number().int() });

export function makeStatsRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  // Structure and counters are written by different events that may arrive in any order, so
  // both are updates of the same item (SET for structure, ADD for counters), never a put.
  const addCounts = ({ orgId, counts }: OrgDelta): TransactItem => {
    const names = Object.keys(counts);
    return {
      Update: {
        TableName: tableName,
        Key: orgNodeKey(orgId),
        UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:c${i}`, counts[name]])),
      },
    };
  };

  return {
    /** The org's node, once its OrgCreated event has been projected. */
    async getNode(orgId: string): Promise<OrgNode | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orgNodeKey(orgId) }));
      if (!Item?.orgId) return undefined;
      const counters = Object.fromEntries(Object.entries(Item).filter(([name, value]) => !STRUCTURE.has(name) && typeof value === 'number'));
      return { id: Item.orgId, ancestors: Item.ancestors, regionCode: Item.regionCode, counters };
    },

    async getTarget(orgId: string, year: number): Promise<Target | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: targetKey(orgId, year) }));
      return Item ? { year: Item.year, members: Item.members } : undefined;
    },

    async putTarget(orgId: string, target: Target): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...targetKey(orgId, target.year), ...target } }));
    },

    /** Records a new org's place in the tree, once per event. */
    addOrg(data: OrgCreatedV1Data, event: Envelope): Promise<boolean> {
      return applyOnce(client, {
        tableName,
        consumer: CONSUMER,
        eventId: event.id,
        now: new Date(),
        writes: [orgTreeWrite(tableName, orgNodeKey(data.orgId), data)],
      });
    },

    async regionCoverage(prefix: string): Promise<RegionCoverage> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: regionKey(prefix) }));
      return { riders: Item?.riders ?? 0, ridersWhoAreMembers: Item?.ridersWhoAreMembers ?? 0 };
    },

    /** The coverage of every station counted at a region prefix. */
    async stationCoverage(prefix: string): Promise<StationCoverage[]> {
      const stations: StationCoverage[] = [];
      for await (const item of queryAll(client, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${STATIONS_PREFIX}${prefix}` } })) {
        stations.push(StationCoverageItemSchema.parse(item));
      }
      return stations;
    },

    /** The riders' coverage as last recorded, by `riderCoverageId`, for riders seen before. */
    async riderCoverages(riders: readonly { partnerId: string; riderId: string }[]): Promise<Map<string, RiderCoverage>> {
      const items = await batchGet(client, tableName, riders.map((rider) => riderKey(rider.partnerId, rider.riderId)), { consistent: true });
      return new Map(items.map((item) => [String(item.pk).slice('RIDER#'.length), RiderCoverageItemSchema.parse(item)]));
    },

    /**
     * Records riders' new coverage and moves the region counters by `deltas`, in one
     * transaction that holds only if each rider's record is still the one read (`readVersion`;
     * 0 for none): otherwise `ConcurrentChangeError`.
     */
    async recordRiderCoverages(records: readonly RiderCoverageRecord[], deltas: ReadonlyMap<string, CoverageDelta>): Promise<void> {
      await transact(client, [
        ...records.map(({ partnerId, riderId, next, readVersion }): TransactItem => ({
          Put: {
            TableName: tableName,
            Item: { ...riderKey(partnerId, riderId), ...next },
            ConditionExpression: 'attribute_not_exists(pk) OR version = :read',
            ExpressionAttributeValues: { ':read': readVersion },
          },
        })),
        ...[...deltas.values()].map(({ counter, riders, ridersWhoAreMembers }): TransactItem => {
          const moved = { ':riders': riders, ':members': ridersWhoAreMembers };
          const { station } = counter;
          if (!station) return { Update: { TableName: tableName, Key: regionKey(counter.prefix), UpdateExpression: 'ADD riders :riders, ridersWhoAreMembers :members', ExpressionAttributeValues: moved } };
          return {
            Update: {
              TableName: tableName,
              Key: stationKey(counter.prefix, station.regionCode, station.name),
              UpdateExpression: 'SET regionCode = :region, station = :station ADD riders :riders, ridersWhoAreMembers :members',
              ExpressionAttributeValues: { ...moved, ':region': station.regionCode, ':station': station.name },
            },
          };
        }),
      ]);
    },

    /** Moves the counters of every org a membership change touches, once per event. */
    applyDeltas(deltas: OrgDelta[], event: Envelope): Promise<boolean> {
      return applyOnce(client, { tableName, consumer: CONSUMER, eventId: event.id, now: new Date(), writes: deltas.map(addCounts) });
    },
  };
}

export type StatsRepository = ReturnType<typeof makeStatsRepository>;

/** A rider's new coverage, to be recorded on condition its record is still at `readVersion` (0: none). */
export interface RiderCoverageRecord {
  partnerId: string;
  riderId: string;
  next: RiderCoverage;
  readVersion: number;
}

/** One rider among many, as `riderCoverages` keys them. */
export const riderCoverageId = (rider: { partnerId: string; riderId: string }) => `${rider.partnerId}#${rider.riderId}`;
