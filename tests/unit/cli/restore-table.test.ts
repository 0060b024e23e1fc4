import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  RestoreTableToPointInTimeCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ops as runOps } from '../../helpers/ops-cli.js';

// DynamoDB Local has no point-in-time recovery, so the script runs against a mocked SDK.
const dynamodb = mockClient(DynamoDBClient);
const SOURCE = 'UnionData-fujian-OrgsTableFF5024DC-1A2B3C';
const SOURCE_ARN = `arn:aws-cn:dynamodb:cn-north-1:111122223333:table/${SOURCE}`;
const TARGET = 'UnionData-fujian-orgs-restored';
const TARGET_ARN = `arn:aws-cn:dynamodb:cn-north-1:111122223333:table/${TARGET}`;
const KEY_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/0f0e0d0c-0b0a-0908-0706-050403020100';
const STREAM_ARN = `${TARGET_ARN}/stream/2026-12-01T00:00:00.000`;

const ops = (...argv: string[]) => runOps(argv, { restoreOptions: { sleep: async () => undefined, pollMs: 1, timeoutMs: 1000 } });

describe('npm run ops -- restore-table', () => {
  beforeEach(() => {
    dynamodb.reset();
    dynamodb.on(DescribeTableCommand, { TableName: SOURCE }).resolves({
      Table: {
        TableName: SOURCE,
        TableArn: SOURCE_ARN,
        TableStatus: 'ACTIVE',
        SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KEY_ARN },
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      },
    });
    dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: 'province', Value: '35' }, { Key: 'union:table', Value: 'orgs' }, { Key: 'aws:cloudformation:stack-name', Value: 'UnionData-fujian' }] });
    dynamodb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' } });
    dynamodb.on(RestoreTableToPointInTimeCommand).resolves({});
    dynamodb.on(DescribeTableCommand, { TableName: TARGET })
      .resolvesOnce({ Table: { TableName: TARGET, TableStatus: 'CREATING' } })
      .resolvesOnce({ Table: { TableName: TARGET, TableArn: TARGET_ARN, TableStatus: 'ACTIVE' } })
      .resolves({ Table: { TableName: TARGET, TableArn: TARGET_ARN, TableStatus: 'ACTIVE', LatestStreamArn: STREAM_ARN } });
  });

  it('restores to a new table with the source\'s key, waits until it is ACTIVE, and restores its stream, PITR, TTL and tags', async () => {
    const { code, out } = await ops('restore-table', '--table', SOURCE, '--to', TARGET, '--time', '2026-12-01T08:30:00+08:00');

    expect(code).toBe(0);
    expect(dynamodb.commandCalls(RestoreTableToPointInTimeCommand)[0]!.args[0].input).toEqual({
      SourceTableName: SOURCE,
      TargetTableName: TARGET,
      RestoreDateTime: new Date('2026-12-01T00:30:00Z'),
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN },
    });
    expect(dynamodb.commandCalls(UpdateTableCommand)[0]!.args[0].input).toEqual({ TableName: TARGET, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } });
    expect(dynamodb.commandCalls(UpdateContinuousBackupsCommand)[0]!.args[0].input).toEqual({ TableName: TARGET, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    expect(dynamodb.commandCalls(UpdateTimeToLiveCommand)[0]!.args[0].input).toEqual({ TableName: TARGET, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } });
    // CloudFormation's own aws: tags cannot be set; the topology name travels with the copy.
    expect(dynamodb.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({ ResourceArn: TARGET_ARN, Tags: [{ Key: 'province', Value: '35' }, { Key: 'union:table', Value: 'orgs' }] });
    expect(out).toContain(`tableOverrides: { orgs: {"tableName":"${TARGET}","streamArn":"${STREAM_ARN}"} },`);
  });

  it('restores to the latest restorable time when no time is given', async () => {
    await ops('restore-table', '--table', SOURCE, '--to', TARGET);
    expect(dynamodb.commandCalls(RestoreTableToPointInTimeCommand)[0]!.args[0].input).toMatchObject({ UseLatestRestorableTime: true });
    expect(dynamodb.commandCalls(RestoreTableToPointInTimeCommand)[0]!.args[0].input).not.toHaveProperty('RestoreDateTime');
  });

  it('gives up with a clear message when the new table never becomes ACTIVE', async () => {
    dynamodb.on(DescribeTableCommand, { TableName: TARGET }).resolves({ Table: { TableName: TARGET, TableStatus: 'CREATING' } });
    const { code, err } = await ops('restore-table', '--table', SOURCE, '--to', TARGET);
    expect(code).toBe(1);
    expect(err).toMatch(/did not become ACTIVE/);
    expect(dynamodb.commandCalls(UpdateContinuousBackupsCommand)).toHaveLength(0);
  });

  it('refuses to restore over the source, a bad time, and a missing table, before calling AWS', async () => {
    expect((await ops('restore-table', '--table', SOURCE, '--to', SOURCE)).err).toMatch(/--to must name a new table/);
    expect((await ops('restore-table', '--table', SOURCE, '--to', TARGET, '--time', 'yesterday')).code).not.toBe(0);
    expect((await ops('restore-table', '--to', TARGET)).err).toMatch(/--table/);
    expect(dynamodb.commandCalls(RestoreTableToPointInTimeCommand)).toHaveLength(0);
  });
});
