import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { metered, meteredInto, meterCapacity, type Capacity } from '../../../shared/capacity.js';

/** A metered client whose every request answers, without a network, that it consumed `units`. */
function clientConsuming(units: number): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  meterCapacity(client);
  client.middlewareStack.add(
    () => async (args) => ({
      output: { $metadata: {}, ...((args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity === 'TOTAL' ? { ConsumedCapacity: { CapacityUnits: units } } : {}) },
      response: {},
    }),
    { step: 'build', name: 'answerWithoutNetwork' },
  );
  return client;
}

const put = new PutCommand({ TableName: 't', Item: { pk: 'a' } });
const get = new GetCommand({ TableName: 't', Key: { pk: 'a' } });

describe('capacity meters', () => {
  it('count reads and writes apart, only for work run under them', async () => {
    const client = clientConsuming(2);
    await client.send(put);
    const { capacity } = await metered(async () => {
      await client.send(put);
      await client.send(get);
      await client.send(get);
    });
    expect(capacity).toEqual({ readUnits: 4, writeUnits: 2 });
  });

  it('nest: work metered inside is counted by every meter around it, and only there', async () => {
    const client = clientConsuming(1);
    const outer: Capacity = { readUnits: 0, writeUnits: 0 };
    const inner = await meteredInto(outer, async () => {
      await client.send(get);
      const { capacity } = await metered(() => client.send(put));
      return capacity;
    });
    const { capacity: sibling } = await metered(() => client.send(put));
    expect(inner).toEqual({ readUnits: 0, writeUnits: 1 });
    expect(outer).toEqual({ readUnits: 1, writeUnits: 1 });
    expect(sibling).toEqual({ readUnits: 0, writeUnits: 1 });
  });

  it('keep counting what the metered work started and left running (a timer, a server, a poller)', async () => {
    const client = clientConsuming(3);
    const outer: Capacity = { readUnits: 0, writeUnits: 0 };
    const started = new Promise<void>((resolve) => {
      meteredInto(outer, () => setTimeout(() => void client.send(put).then(() => resolve()), 0));
    });
    expect(outer.writeUnits).toBe(0);
    await started;
    expect(outer.writeUnits).toBe(3);
  });
});
