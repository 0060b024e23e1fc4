import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../events/envelope.js';
import { outboxPut, transact, type GuardedItem, type TransactItem } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import type { Page } from '../../shared/dynamo.js';
import { ConflictError } from '../../shared/errors.js';
import { OrgNotFoundError, type Org } from './domain/org.js';
import { childSortKey, orgKey, rootMarkerKey } from './keys.js';

export class RootExistsError extends ConflictError {
  constructor() {
    super('The province already has its root federation; give a parentId');
  }
}

type OrgItem = Omit<Org, 'parentId'> & { pk: string; sk: string; parentId?: string; childSortKey?: string };

// GSI key attributes may be absent but never null, so the root's missing parent is omitted.
const toItem = (org: Org): OrgItem => {
  const { parentId, ...rest } = org;
  return parentId === null
    ? { ...orgKey(org.id), ...rest }
    : { ...orgKey(org.id), ...rest, parentId, childSortKey: childSortKey(org.name, org.id) };
};

const toOrg = (item: Record<string, unknown>): Org => {
  const { id, name, kind, parentId, regionCode, ancestors, createdAt } = item as OrgItem;
  return { id, name, kind, parentId: parentId ?? null, regionCode, ancestors, createdAt };
};

export function makeOrgRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    async get(orgId: string): Promise<Org | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orgKey(orgId) }));
      return Item ? toOrg(Item) : undefined;
    },

    /** Writes the org and its event in one transaction; the parent must still exist. */
    async create(org: Org, event: Envelope): Promise<void> {
      const guard: GuardedItem =
        org.parentId === null
          ? {
              item: { Put: { TableName: tableName, Item: { ...rootMarkerKey, orgId: org.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
              onConditionFailed: () => new RootExistsError(),
            }
          : {
              item: { ConditionCheck: { TableName: tableName, Key: orgKey(org.parentId), ConditionExpression: 'attribute_exists(pk)' } },
              onConditionFailed: () => new OrgNotFoundError(org.parentId!),
            };
      const put: TransactItem = {
        Put: { TableName: tableName, Item: toItem(org), ConditionExpression: 'attribute_not_exists(pk)' },
      };
      await transact(client, [guard, put, outboxPut(tableName, event)]);
    },

    async listChildren(parentId: string, page: { limit: number; cursor?: string }): Promise<Page<Org>> {
      const scope = { list: 'orgs.childrenByParent', parentId };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'childrenByParent',
          KeyConditionExpression: 'parentId = :parentId',
          ExpressionAttributeValues: { ':parentId': parentId },
          Limit: page.limit,
          ExclusiveStartKey: await decodeCursor(page.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map(toOrg), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },
  };
}

export type OrgRepository = ReturnType<typeof makeOrgRepository>;
