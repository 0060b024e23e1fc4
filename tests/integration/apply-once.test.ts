import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOnce } from '../../shared/events/apply-once.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

describe('applyOnce()', () => {
  let province: TestProvince;
  let client: DynamoDBDocumentClient;
  let tableName: string;

  beforeAll(async () => {
    province = await startTestProvince({ pollers: false });
    client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: province.env.AWS_ENDPOINT_URL_DYNAMODB }));
    tableName = province.env.TABLE_STATS!;
  });

  afterAll(async () => {
    await province?.stop();
    client?.destroy();
  });

  const increment = (eventId: string) =>
    applyOnce(client, {
      tableName,
      consumer: 'testCounter',
      eventId,
      now: new Date(),
      writes: [
        {
          Update: {
            TableName: tableName,
            Key: { pk: 'COUNTER', sk: 'COUNTER' },
            UpdateExpression: 'ADD #count :one',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ],
    });

  const count = async () =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'COUNTER', sk: 'COUNTER' } }))).Item?.count;

  it('applies an event the first time and reports redeliveries without applying them', async () => {
    expect(await increment('event-1')).toBe(true);
    expect(await increment('event-1')).toBe(false);
    expect(await increment('event-1')).toBe(false);
    expect(await count()).toBe(1);
    expect(await increment('event-2')).toBe(true);
    expect(await count()).toBe(2);
  });

  it('applies an event once when its deliveries race', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => increment('event-3')));
    const applied = results.filter((result) => result.status === 'fulfilled' && result.value === true);
    expect(applied).toHaveLength(1);
    expect(await count()).toBe(3);
  });
});
