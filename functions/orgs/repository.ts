import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { outboxPut, transact, type GuardedItem, type TransactItem } from '../../shared/dynamo.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import type { Page } from '../../shared/dynamo.js';
import { ConflictError } from '../../shared/errors.js';
import type { JoinLink } from './domain/join-link.js';
import { OrgNotFoundError, type Org } from './domain/org.js';
import { childSortKey, JOIN_LINK_PREFIX, joinLinkKey, orgKey, rootMarkerKey } from './keys.js';

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

const JoinLinkItemSchema = z.object({
  linkId: z.string(),
  orgId: z.string(),
  token: z.string(),
  url: z.string(),
  station: z.string().optional(),
  campaign: z.string().optional(),
  expiresAt: z.number(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});

// `expiresAt` is also the table's TTL attribute: an expired link's record goes by itself.
const toJoinLinkItem = (link: JoinLink) => ({ ...joinLinkKey(link.orgId, link.linkId), ...link });
const toJoinLink = (item: Record<string, unknown>): JoinLink => JoinLinkItemSchema.parse(item);

/** At most this many live links are listed per org: a link per station, and stations are few. */
const JOIN_LINK_LIST_LIMIT = 500;

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

    async putJoinLink(link: JoinLink): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: toJoinLinkItem(link), ConditionExpression: 'attribute_not_exists(pk)' }));
    },

    async getJoinLink(orgId: string, linkId: string): Promise<JoinLink | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: joinLinkKey(orgId, linkId) }));
      return Item ? toJoinLink(Item) : undefined;
    },

    async listJoinLinks(orgId: string): Promise<JoinLink[]> {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': orgKey(orgId).pk, ':prefix': JOIN_LINK_PREFIX },
          Limit: JOIN_LINK_LIST_LIMIT,
        }),
      );
      return Items.map(toJoinLink);
    },

    /** Marks a link revoked; a link this table no longer holds (expired and gone) is left alone. */
    async markJoinLinkRevoked(orgId: string, linkId: string, revokedAt: string): Promise<void> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: joinLinkKey(orgId, linkId),
            UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': revokedAt },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
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
