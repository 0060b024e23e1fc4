import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import { applyOnce } from '../../shared/events/apply-once.js';
import type { OrgNode } from './domain/org-stats.js';
import { orgNodeKey } from './keys.js';

export function makeStatsRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    async getNode(orgId: string): Promise<OrgNode | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orgNodeKey(orgId) }));
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, ...node } = Item;
      return node as OrgNode;
    },

    /** Records a new org once per event, however often the event is delivered. */
    async addNode(node: OrgNode, event: Envelope, consumer: string): Promise<boolean> {
      return applyOnce(client, {
        tableName,
        consumer,
        eventId: event.id,
        now: new Date(),
        writes: [{ Put: { TableName: tableName, Item: { ...orgNodeKey(node.id), ...node } } }],
      });
    },
  };
}
