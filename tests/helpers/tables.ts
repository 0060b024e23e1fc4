import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables, type TableName } from '../../functions/services.js';
import { tableEnvVar } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import type { TestProvince } from './province.js';

/** Every item of every table of the province, with the manifest name of its table. */
export async function* provinceItems(province: Pick<TestProvince, "env">): AsyncGenerator<[TableName, Record<string, unknown>]> {
  const client = documentClient();
  for (const table of Object.keys(tables) as TableName[]) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: province.env[tableEnvVar(table)], ExclusiveStartKey }));
      for (const item of page.Items ?? []) yield [table, item];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}
