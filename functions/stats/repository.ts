import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { ConcurrentChangeError, transact, type TransactItem } from '../../shared/dynamo.js';
import { withRetries } from '../../shared/retry.js';
import { applyOnce } from '../../shared/events/apply-once.js';
import { orgTreeWrite } from '../../shared/projections/org-tree.js';
import { coverageDeltas, type OrgDelta, type OrgNode, type RegionCoverage, type RiderCoverage, type Target } from './domain/org-stats.js';
import { orgNodeKey, regionKey, riderKey, targetKey } from './keys.js';

const CONSUMER = 'statsProjector';

const STRUCTURE = new Set(['pk', 'sk', 'orgId', 'name', 'ancestors', 'parentId', 'regionCode']);

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

    /**
     * Keeps a rider's newest coverage state and moves the region counters by the difference, in
     * one transaction conditioned on the state read: older or repeated announcements move nothing.
     */
    async applyRiderCoverage(partnerId: string, riderId: string, next: RiderCoverage): Promise<void> {
      const key = riderKey(partnerId, riderId);
      await withRetries(
        async () => {
          const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key }));
          const stored = Item as RiderCoverage | undefined;
          const deltas = coverageDeltas(stored, next);
          if (!deltas) return;
          await transact(client, [
            {
              Put: {
                TableName: tableName,
                Item: { ...key, ...next },
                ConditionExpression: 'attribute_not_exists(pk) OR version = :read',
                ExpressionAttributeValues: { ':read': stored?.version ?? 0 },
              },
            },
            ...[...deltas].map(([prefix, delta]): TransactItem => ({
              Update: {
                TableName: tableName,
                Key: regionKey(prefix),
                UpdateExpression: 'ADD riders :riders, ridersWhoAreMembers :members',
                ExpressionAttributeValues: { ':riders': delta.riders, ':members': delta.ridersWhoAreMembers },
              },
            })),
          ]);
        },
        { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
      );
    },

    /** Moves the counters of every org a membership change touches, once per event. */
    applyDeltas(deltas: OrgDelta[], event: Envelope): Promise<boolean> {
      return applyOnce(client, { tableName, consumer: CONSUMER, eventId: event.id, now: new Date(), writes: deltas.map(addCounts) });
    },
  };
}
