import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../../shared/dynamo.js';
import { sqsClient } from '../../../shared/sqs.js';

const loggers = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().filter((name) => name.startsWith('loggerMiddleware'));

describe('the clients the functions share', () => {
  it('leave out the SDK logger middleware that every client has by default', () => {
    expect(loggers(new DynamoDBClient({ region: 'cn-north-1' }))).toHaveLength(1);
    expect(loggers(new SQSClient({ region: 'cn-north-1' }))).toHaveLength(1);
    expect(loggers(documentClient())).toEqual([]);
    expect(loggers(sqsClient())).toEqual([]);
  });
});
