import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables, type TableName } from '../../functions/services.js';
import { tableEnvVar } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import type { TestProvince } from './province.js';

/** Every item of one table of the province, page after page (a scan answers 1 MB a page). */
async function* itemsOf(province: Pick<TestProvince, 'env'>, table: TableName): AsyncGenerator<Record<string, any>> {
  const client = documentClient();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: province.env[tableEnvVar(table)], ExclusiveStartKey }));
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Every item of the named tables of the province (all of them by default), as stored. */
export async function scanTables(province: Pick<TestProvince, 'env'>, ...names: TableName[]): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for (const table of names.length > 0 ? names : (Object.keys(tables) as TableName[])) for await (const item of itemsOf(province, table)) items.push(item);
  return items;
}

/** Every item of every table of the province, with the manifest name of its table. */
export async function* provinceItems(province: Pick<TestProvince, 'env'>): AsyncGenerator<[TableName, Record<string, unknown>]> {
  for (const table of Object.keys(tables) as TableName[]) for await (const item of itemsOf(province, table)) yield [table, item];
}
