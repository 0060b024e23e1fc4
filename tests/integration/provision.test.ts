import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { tableSpec } from '../../functions/services.js';
import { localTableName, provisionTables } from '../../local/provision.js';

describe('provisioning kept tables', () => {
  it('adds every index a kept table lacks, one after the other, so npm start runs on old data', { timeout: 120_000 }, async () => {
    const client = new DynamoDBClient({ endpoint: inject('engines').dynamodb, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
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
