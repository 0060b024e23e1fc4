/**
 * The jobs service's copy of the province's org tree, projected from OrgCreated for the scope
 * checks of fairs, kept through the one org-tree module every service uses.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { orgTreeNodeOf, orgTreeWrite, type OrgTreeNode } from '../../shared/projections/org-tree.js';
import { orgKey } from './keys.js';

export type TreeOrg = OrgTreeNode;

export function makeOrgTree({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    async get(orgId: string): Promise<TreeOrg | undefined> {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orgKey(orgId) }));
      return orgTreeNodeOf(Item);
    },

    /** Records an org; an org never moves, so a redelivered event writes the same attributes again. */
    async add(data: OrgCreatedV1Data): Promise<void> {
      const { Update } = orgTreeWrite(tableName, orgKey(data.orgId), data);
      await client.send(new UpdateCommand(Update!));
    },
  };
}

export type OrgTree = ReturnType<typeof makeOrgTree>;
