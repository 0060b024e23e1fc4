import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ok } from '../shared/http/responses.js';

/**
 * `GET /local/orgs` → `{items: [{id, name, parentId}]}`: every org of the local province, for
 * the staff console's dev sign-in (pick an org, then `POST /local/tokens` mints its staff
 * token). Local gateway only: the API has no route that lists every org, and needs none.
 */
export const orgsRoute = (client: DynamoDBClient, tableName: string) => async () => {
  const items: { id: string; name: string; parentId: string | null }[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, FilterExpression: 'sk = :org', ExpressionAttributeValues: { ':org': { S: 'ORG' } }, ExclusiveStartKey: start }),
    );
    for (const raw of page.Items ?? []) {
      const org = unmarshall(raw);
      items.push({ id: org.id, name: org.name, parentId: org.parentId ?? null });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return ok({ items: items.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) });
};
