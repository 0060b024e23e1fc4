import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { engineClients } from '../../bench/harness.js';
import { jobsService } from '../../functions/jobs/service.js';
import { LOCAL_AWS_ENV } from '../../local/engines.js';
import { testEngines } from '../helpers/province.js';

/**
 * The bench's own tables, on the test worker's DynamoDB Local. The job cases load 350,000 items;
 * on the province's streamed jobs table their records stalled the full bench (DynamoDB Local
 * serves every GetRecords slower the more stream records it holds, on the one thread every
 * request needs), so they load a copy of the table's keys and indexes without a stream.
 */
describe('bench scratch tables', () => {
  const { dynamodb: endpoint } = testEngines();
  const clients = engineClients(endpoint);
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  afterAll(async () => {
    await clients.close();
    raw.destroy();
  });
  const describeTable = async (name: string) => (await raw.send(new DescribeTableCommand({ TableName: name }))).Table!;

  it('copies a declared table its keys and indexes, without its stream', async () => {
    const declared = jobsService.tables.jobs;
    expect(declared.outbox).toBe(true);
    const table = await describeTable(await clients.scratchTable(declared));
    expect(table.StreamSpecification?.StreamEnabled ?? false).toBe(false);
    expect(table.KeySchema).toEqual([
      { AttributeName: declared.partitionKey, KeyType: 'HASH' },
      { AttributeName: declared.sortKey, KeyType: 'RANGE' },
    ]);
    expect((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(Object.keys(declared.indexes ?? {}).sort());
  });

  it('is a plain pk/sk table when nothing is copied', async () => {
    const table = await describeTable(await clients.scratchTable());
    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toBeUndefined();
    expect(table.StreamSpecification?.StreamEnabled ?? false).toBe(false);
  });
});
