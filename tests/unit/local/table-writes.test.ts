import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { onTableWrite } from '../../../local/table-writes.js';
import { documentClient } from '../../../shared/dynamo.js';

describe('onTableWrite()', () => {
  const woken: string[] = [];

  beforeAll(() => {
    for (const table of ['a', 'b', 'c']) onTableWrite(table, () => woken.push(table));
    // Answers every request at once, after the functions' middleware saw it: no engine needed.
    documentClient().middlewareStack.add(() => async () => ({ output: {} as never, response: {} }), { step: 'initialize', priority: 'low', name: 'answerAtOnce' });
  });

  it('wakes the pollers of every table a write names, transactions and batches included, and none for a read', async () => {
    const client = documentClient();
    const sent: [string, { send(): Promise<unknown> }][] = [
      ['put', { send: () => client.send(new PutCommand({ TableName: 'a', Item: { pk: '1' } })) }],
      ['update', { send: () => client.send(new UpdateCommand({ TableName: 'b', Key: { pk: '1' }, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': 1 } })) }],
      ['delete', { send: () => client.send(new DeleteCommand({ TableName: 'c', Key: { pk: '1' } })) }],
      ['batch', { send: () => client.send(new BatchWriteCommand({ RequestItems: { a: [{ PutRequest: { Item: { pk: '1' } } }], c: [{ DeleteRequest: { Key: { pk: '2' } } }] } })) }],
      ['transaction', { send: () => client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'b', Item: { pk: '1' } } }, { ConditionCheck: { TableName: 'c', Key: { pk: '1' }, ConditionExpression: 'attribute_exists(pk)' } }] })) }],
      ['read', { send: () => client.send(new GetCommand({ TableName: 'a', Key: { pk: '1' } })) }],
    ];
    const wokenBy: Record<string, string[]> = {};
    for (const [what, request] of sent) {
      woken.length = 0;
      await request.send();
      wokenBy[what] = [...woken].sort();
    }
    expect(wokenBy).toEqual({ put: ['a'], update: ['b'], delete: ['c'], batch: ['a', 'c'], transaction: ['b', 'c'], read: [] });
  });
});
