/**
 * The jobs service's own copy of the province's org tree, projected from OrgCreated, for the
 * scope checks of fairs. Self-contained on purpose: a shared org-tree projection module is being
 * written for every service, and this file is what the merge swaps for it.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import type { ScopedOrg } from '../../shared/auth/org-scope.js';
import { orgKey } from './keys.js';

export interface TreeOrg extends ScopedOrg {
  name: string;
  regionCode: string;
}

const TreeOrgSchema = z.object({ id: z.string(), name: z.string(), regionCode: z.string(), ancestors: z.array(z.string()) });

export function makeOrgTree({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    async get(orgId: string): Promise<TreeOrg | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orgKey(orgId) }));
      return Item ? TreeOrgSchema.parse(Item) : undefined;
    },

    /** Records an org; an org never moves, so a redelivered event writes the same item again. */
    async add(data: OrgCreatedV1Data): Promise<void> {
      const org: TreeOrg = { id: data.orgId, name: data.name, regionCode: data.regionCode, ancestors: data.ancestors };
      await client.send(new PutCommand({ TableName: tableName, Item: { ...orgKey(org.id), ...org } }));
    },
  };
}

export type OrgTree = ReturnType<typeof makeOrgTree>;
