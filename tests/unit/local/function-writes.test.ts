import { GetQueueUrlCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { onQueueSend, onTableWrite } from '../../../local/function-writes.js';
import { documentClient } from '../../../shared/dynamo.js';
import { sqsClient } from '../../../shared/sqs.js';

/** Sends each request in turn and says whom each woke, sorted. */
async function wokenByEach(woken: string[], requests: Record<string, () => Promise<unknown>>): Promise<Record<string, string[]>> {
  const wokenBy: Record<string, string[]> = {};
  for (const [what, send] of Object.entries(requests)) {
    woken.length = 0;
    await send();
    wokenBy[what] = [...woken].sort();
  }
  return wokenBy;
}

describe('the functions\' writes wake the local pollers', () => {
  const woken: string[] = [];

  beforeAll(() => {
    for (const table of ['a', 'b', 'c']) onTableWrite(table, () => woken.push(table));
    for (const queue of ['q1', 'q2']) onQueueSend(`http://sqs.local/000000000000/${queue}`, () => woken.push(queue));
    // Answers every request at once, after the functions' middleware saw it: no engine needed.
    // A send's answer carries the body's MD5, which the SQS client checks.
    const answerAtOnce = { step: 'initialize', priority: 'low', name: 'answerAtOnce' } as const;
    documentClient().middlewareStack.add(() => async () => ({ output: {} as never, response: {} }), answerAtOnce);
    const md5 = (body: string) => createHash('md5').update(body).digest('hex');
    sqsClient().middlewareStack.add(
      () => async (args) => {
        const input = args.input as { MessageBody?: string; Entries?: { Id: string; MessageBody: string }[] };
        const output = input.Entries ? { Successful: input.Entries.map((entry) => ({ Id: entry.Id, MessageId: entry.Id, MD5OfMessageBody: md5(entry.MessageBody) })), Failed: [] } : { MessageId: '0', MD5OfMessageBody: md5(input.MessageBody ?? '') };
        return { output: output as never, response: {} };
      },
      answerAtOnce,
    );
  });

  it('wakes the stream pollers of every table a write names, transactions and batches included, and none for a read', async () => {
    const client = documentClient();
    const wokenBy = await wokenByEach(woken, {
      put: () => client.send(new PutCommand({ TableName: 'a', Item: { pk: '1' } })),
      update: () => client.send(new UpdateCommand({ TableName: 'b', Key: { pk: '1' }, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': 1 } })),
      delete: () => client.send(new DeleteCommand({ TableName: 'c', Key: { pk: '1' } })),
      batch: () => client.send(new BatchWriteCommand({ RequestItems: { a: [{ PutRequest: { Item: { pk: '1' } } }], c: [{ DeleteRequest: { Key: { pk: '2' } } }] } })),
      transaction: () => client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'b', Item: { pk: '1' } } }, { ConditionCheck: { TableName: 'c', Key: { pk: '1' }, ConditionExpression: 'attribute_exists(pk)' } }] })),
      read: () => client.send(new GetCommand({ TableName: 'a', Key: { pk: '1' } })),
    });
    expect(wokenBy).toEqual({ put: ['a'], update: ['b'], delete: ['c'], batch: ['a', 'c'], transaction: ['b', 'c'], read: [] });
  });

  it('wakes the pollers of the queue a message or a batch is sent to, and none for other requests', async () => {
    const client = sqsClient();
    const wokenBy = await wokenByEach(woken, {
      message: () => client.send(new SendMessageCommand({ QueueUrl: 'http://sqs.local/000000000000/q1', MessageBody: '{}' })),
      batch: () => client.send(new SendMessageBatchCommand({ QueueUrl: 'http://sqs.local/000000000000/q2', Entries: [{ Id: '0', MessageBody: '{}' }] })),
      other: () => client.send(new GetQueueUrlCommand({ QueueName: 'q1' })),
    });
    expect(wokenBy).toEqual({ message: ['q1'], batch: ['q2'], other: [] });
  });
});
