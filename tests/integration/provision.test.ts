import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableSpec } from '../../functions/services.js';
import { startDynamoDbLocal, type Engine } from '../../local/engines.js';
import { localTableName, provisionTables } from '../../local/provision.js';

describe('provisioning kept tables', () => {
  // An engine of its own, as `npm start` has when it provisions: DynamoDB Local leaves an index
  // added to an existing table CREATING for as long as other provinces' pollers run on it.
  let engine: Engine;
  beforeAll(async () => {
    engine = await startDynamoDbLocal();
  });
  afterAll(async () => engine?.stop());

  it('adds every index a kept table lacks, one after the other, so npm start runs on old data', { timeout: 120_000 }, async () => {
    const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const prefix = `p${randomUUID().slice(0, 8)}-`;
    const name = localTableName(prefix, 'rosters');
    // The rosters table as an old `.local` keeps it: its keys, none of the indexes the topology has since gained.
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await provisionTables(client, prefix);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(Object.keys(tableSpec('rosters').indexes ?? {}).sort());
    expect(Table?.GlobalSecondaryIndexes?.every((index) => index.IndexStatus === 'ACTIVE')).toBe(true);
    client.destroy();
  });
});
