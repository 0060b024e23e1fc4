import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { DescribeTableCommand, ListTablesCommand, ListTagsOfResourceCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeAccountRepository } from '../../functions/accounts/repository.js';
import { issueMissingUsageKeys, type UsageKeyCounts } from '../../functions/accounts/use-cases/issue-usage-keys.js';
import { restApiName, TOPOLOGY_TABLE_TAG, usagePlanName } from '../../infra/names.js';
import type { ProvinceConfig } from '../../infra/provinces/schema.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { apiGatewayUsageKeys } from '../../shared/usage-keys.js';

export class UsageKeysError extends Error {}

/**
 * The physical name of the province's accounts table: its `tableOverrides` entry, else the
 * table of the data stack `UnionData-<key>` tagged as the topology's `accounts`.
 */
export async function accountsTableOf(dynamodb: DynamoDBClient, province: ProvinceConfig): Promise<string> {
  const override = province.tableOverrides?.accounts?.tableName;
  if (override) return override;
  const prefix = `UnionData-${province.key}-`;
  let start: string | undefined;
  do {
    const page = await dynamodb.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of (page.TableNames ?? []).filter((table) => table.startsWith(prefix))) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
      const { Tags = [] } = await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: Table!.TableArn! }));
      if (Tags.some((tag) => tag.Key === TOPOLOGY_TABLE_TAG && tag.Value === 'accounts')) return name;
    }
    start = page.LastEvaluatedTableName;
  } while (start);
  throw new UsageKeysError(`No accounts table of UnionData-${province.key} in this account and region: check AWS_REGION and AWS_PROFILE, or pass --table`);
}

/**
 * Runs the accounts service's upgrade against a deployed province with the operator's
 * credentials: the province's accounts table, and its services stack's usage plans found by the
 * names the stack gave them (ADR 0026).
 */
export async function issueUsageKeys(
  clients: { dynamodb: DynamoDBClient; apigateway: APIGatewayClient },
  request: { province: ProvinceConfig; table?: string | undefined },
  report: { progress(line: string): void },
): Promise<UsageKeyCounts> {
  const tableName = request.table ?? (await accountsTableOf(clients.dynamodb, request.province));
  const api = restApiName(request.province.key);
  const planNames = Object.fromEntries(Object.keys(request.province.apiUsageTiers).map((tier) => [tier, usagePlanName(api, tier)]));
  report.progress(`accounts of ${tableName}, usage plans ${Object.values(planNames).join(', ')}`);
  const ports = {
    accounts: makeAccountRepository({ client: DynamoDBDocumentClient.from(clients.dynamodb), tableName }),
    usageKeys: apiGatewayUsageKeys(clients.apigateway, planNames),
    clock: systemClock,
    ids: randomIds,
  };
  return issueMissingUsageKeys(ports, { onFailure: (accountId, error) => report.progress(`${accountId}: ${error.name}: ${error.message}`) });
}
