import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * Every org of the local province, by name: the orgs the local dev sign-in lets staff pick
 * (local/identity-provider.ts). A scan, local only: the API has no route that lists every org,
 * and needs none.
 */
export async function listOrgs(client: DynamoDBClient, tableName: string): Promise<{ id: string; name: string }[]> {
  const items: { id: string; name: string }[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, FilterExpression: 'sk = :org', ExpressionAttributeValues: { ':org': { S: 'ORG' } }, ExclusiveStartKey: start }),
    );
    for (const raw of page.Items ?? []) {
      const org = unmarshall(raw);
      items.push({ id: org.id, name: org.name });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
