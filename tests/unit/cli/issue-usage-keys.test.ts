import { APIGatewayClient, CreateApiKeyCommand, CreateUsagePlanKeyCommand, GetApiKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ops as runOps } from '../../helpers/ops-cli.js';

// The deployed registry and tables, mocked: the integration test covers the use case on DynamoDB Local.
const dynamodb = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
const apigateway = mockClient(APIGatewayClient);
const TABLE = 'UnionData-fujian-AccountsTable5A1B2C3D-9Z8Y';
const account = { pk: 'ACCOUNT#acc_old', sk: 'ACCOUNT', id: 'acc_old', kind: 'partner', name: '闽送即配', creditCode: '91350200MA2Y00010X', createdAt: '2025-01-01T00:00:00.000Z', keyHash: 'hash-old' };

const ops = (...argv: string[]) => runOps(argv);

describe('npm run ops -- issue-usage-keys', () => {
  beforeEach(() => {
    dynamodb.reset();
    documents.reset();
    apigateway.reset();
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['UnionData-fujian-OrgsTable11-AA', TABLE, 'UnionData-shaanxi-AccountsTable5A1B2C3D-77'] });
    dynamodb.on(DescribeTableCommand).callsFake(({ TableName }) => ({ Table: { TableName, TableArn: `arn:aws-cn:dynamodb:cn-north-1:111122223333:table/${TableName}` } }));
    dynamodb.on(ListTagsOfResourceCommand).callsFake(({ ResourceArn }) => ({ Tags: [{ Key: 'union:table', Value: ResourceArn.includes('Accounts') ? 'accounts' : 'orgs' }] }));
    documents.on(ScanCommand).resolves({ Items: [account, { ...account, pk: 'ACCOUNT#acc_new', id: 'acc_new', usageKey: 'usk_new', tier: 'standard' }] });
    documents.on(TransactWriteCommand).resolves({});
    apigateway.on(GetUsagePlansCommand).resolves({ items: [{ id: 'plan-std', name: 'union-services-fujian-standard' }, { id: 'plan-other', name: 'union-services-shaanxi-standard' }] });
    apigateway.on(GetApiKeysCommand).resolves({ items: [] });
    apigateway.on(CreateApiKeyCommand).resolves({ id: 'apikey-1' });
    apigateway.on(CreateUsagePlanKeyCommand).resolves({});
  });

  it("finds the province's accounts table and plans, registers a usage key for the account without one and stores it only if it still has none", async () => {
    const { code, out, err } = await ops('issue-usage-keys', '--province', 'fujian');

    expect(code).toBe(0);
    expect(out).toBe('issued 1, skipped 1 (had one), failed 0\n');
    expect(err).toContain(`accounts of ${TABLE}`);
    const [created] = apigateway.commandCalls(CreateApiKeyCommand);
    expect(created!.args[0].input).toMatchObject({ name: 'acc_old', value: expect.stringMatching(/^usk_/), enabled: true });
    expect(apigateway.commandCalls(CreateUsagePlanKeyCommand)[0]!.args[0].input).toEqual({ usagePlanId: 'plan-std', keyId: 'apikey-1', keyType: 'API_KEY' });
    const [write] = documents.commandCalls(TransactWriteCommand);
    const [onAccount, onKey] = write!.args[0].input.TransactItems!;
    expect(onAccount!.Update).toMatchObject({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(usageKey) AND keyHash = :keyHash' });
    expect(onAccount!.Update!.ExpressionAttributeValues![':usageKey']).toBe(created!.args[0].input.value);
    expect(onKey!.Update).toMatchObject({ Key: { pk: 'APIKEY#hash-old', sk: 'APIKEY' }, ConditionExpression: 'attribute_exists(pk)' });
  });

  it('exits with 1 and names the account when a registration fails, so the operator runs it again', async () => {
    apigateway.on(CreateApiKeyCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const { code, out, err } = await ops('issue-usage-keys', '--province', 'fujian');

    expect(code).toBe(1);
    expect(out).toBe('issued 0, skipped 1 (had one), failed 1\n');
    expect(err).toContain('acc_old: TooManyRequestsException: Rate exceeded');
    expect(documents.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('refuses an unknown province before touching AWS', async () => {
    const { code, err } = await ops('issue-usage-keys', '--province', 'atlantis');
    expect(code).not.toBe(0);
    expect(err).toContain('pass --province <key>, one of: fujian, shaanxi');
    expect(dynamodb.calls()).toEqual([]);
  });
});
