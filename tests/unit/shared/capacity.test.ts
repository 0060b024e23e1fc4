import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { meterCapacity, meteredClient, meterProcess, type Capacity } from '../../../shared/capacity.js';

/**
 * A client whose every request answers, without a network, that it consumed `units` when asked
 * to say (`ReturnConsumedCapacity: TOTAL`), after waiting `delayMs`.
 */
function clientConsuming(units: number, { delayMs = 0, processMetered = false } = {}): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  if (processMetered) meterCapacity(client);
  client.middlewareStack.add(
    () => async (args) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return {
        output: { $metadata: {}, ...((args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity === 'TOTAL' ? { ConsumedCapacity: { CapacityUnits: units } } : {}) },
        response: {},
      };
    },
    { step: 'build', name: 'answerWithoutNetwork' },
  );
  return client;
}

const put = () => new PutCommand({ TableName: 't', Item: { pk: 'a' } });
const get = () => new GetCommand({ TableName: 't', Key: { pk: 'a' } });
const nothing = (): Capacity => ({ readUnits: 0, writeUnits: 0 });

describe('capacity meters', () => {
  it('count what a metered client sent, reads and writes apart, and nothing sent around it', async () => {
    const client = clientConsuming(2);
    const capacity = nothing();
    const metered = meteredClient(client, capacity);
    await client.send(put());
    await metered.send(put());
    await metered.send(get());
    await metered.send(get());
    expect(capacity).toEqual({ readUnits: 4, writeUnits: 2 });
  });

  it('keep two pieces of work apart while they run at the same time on one client', async () => {
    const client = clientConsuming(1, { delayMs: 5 });
    const [first, second] = [nothing(), nothing()];
    await Promise.all([
      Promise.all([put(), put(), get()].map((command) => meteredClient(client, first).send(command as never))),
      Promise.all([get(), get()].map((command) => meteredClient(client, second).send(command as never))),
    ]);
    expect(first).toEqual({ readUnits: 1, writeUnits: 2 });
    expect(second).toEqual({ readUnits: 2, writeUnits: 0 });
  });

  it('count a command sent again once each time, not once per send it went through', async () => {
    const capacity = nothing();
    const metered = meteredClient(clientConsuming(3), capacity);
    const retried = put();
    await metered.send(retried);
    await metered.send(retried);
    expect(capacity).toEqual({ readUnits: 0, writeUnits: 6 });
  });

  it('count everything a process-metered client sends while the process meter runs, metered work included', async () => {
    const client = clientConsuming(1, { processMetered: true });
    await client.send(put());
    const everything = nothing();
    const stop = meterProcess(everything);
    const step = nothing();
    await client.send(get());
    await meteredClient(client, step).send(put());
    stop();
    await client.send(put());
    expect(everything).toEqual({ readUnits: 1, writeUnits: 1 });
    expect(step).toEqual({ readUnits: 0, writeUnits: 1 });
  });
});
