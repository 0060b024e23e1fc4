import type { TransactItem } from '../dynamo.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';

/**
 * A service's own copy of an org, projected from OrgCreated: enough to authorize staff on the
 * org's subtree and to name it. Services that need the tree (membership, stats) keep it in their
 * own table through this one module, so the copies cannot drift apart.
 *
 * Such a copy lags the orgs service by moments: never gate a caller's own next action on it
 * (docs/adr/0011).
 */
export interface OrgTreeNode {
  id: string;
  name: string;
  /** Ids from the root down to the parent. */
  ancestors: string[];
  regionCode: string;
}

/**
 * The write that records an org in a service's table at `key`. An update (SET), never a put,
 * so attributes the service keeps on the same item (e.g. the stats counters) survive it, in
 * whichever order the events arrive. `extra` sets more of the service's own attributes from the
 * same event (e.g. an index key).
 */
export function orgTreeWrite(tableName: string, key: Record<string, string>, data: OrgCreatedV1Data, extra: Record<string, string> = {}): TransactItem {
  const names = Object.keys(extra);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: ['SET orgId = :orgId, #name = :name, ancestors = :ancestors, regionCode = :regionCode', ...names.map((_, i) => `#extra${i} = :extra${i}`)].join(', '),
      ExpressionAttributeNames: { '#name': 'name', ...Object.fromEntries(names.map((name, i) => [`#extra${i}`, name])) },
      ExpressionAttributeValues: {
        ':orgId': data.orgId,
        ':name': data.name,
        ':ancestors': data.ancestors,
        ':regionCode': data.regionCode,
        ...Object.fromEntries(names.map((name, i) => [`:extra${i}`, extra[name]])),
      },
    },
  };
}

/** The node an item written by {@link orgTreeWrite} holds, or undefined before its event arrived. */
export function orgTreeNodeOf(item: Record<string, unknown> | undefined): OrgTreeNode | undefined {
  // Copies written before this module existed name the org `id` rather than `orgId`.
  const id = item?.orgId ?? item?.id;
  if (!item || typeof id !== 'string' || !Array.isArray(item.ancestors)) return undefined;
  return {
    id,
    name: typeof item.name === 'string' ? item.name : '',
    ancestors: item.ancestors.filter((id): id is string => typeof id === 'string'),
    regionCode: typeof item.regionCode === 'string' ? item.regionCode : '',
  };
}
