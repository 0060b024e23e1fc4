import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  RestoreTableToPointInTimeCommand,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TOPOLOGY_TABLE_TAG } from '../../infra/names.js';

export interface RestoreRequest {
  /** The physical name of the table to restore from, e.g. `UnionData-fujian-OrgsTableFF5024DC-…`. */
  table: string;
  /** The new table's name: a restore never overwrites. */
  to: string;
  /** The moment to restore; the latest restorable time when left out. */
  time?: Date;
}

export interface RestoreOptions {
  /** Waits between status checks; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** How often the new table's status is read. */
  pollMs?: number;
  /** How long to wait for the new table before giving up (a restore of a large table takes hours). */
  timeoutMs?: number;
  progress?: (line: string) => void;
}

export interface RestoredTable {
  tableName: string;
  /** The topology name the stack knows the table by (its `union:table` tag), the key of `tableOverrides`. */
  topologyName?: string;
  streamArn?: string;
}

export class RestoreError extends Error {}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Restores a table to a new table with point-in-time recovery, and makes the copy what the stack
 * expects of a table it created, since a restore brings back items and indexes but not the rest:
 * 1. reads the source's key, stream, TTL and tags;
 * 2. restores to `to` (at `time` or the latest restorable time), encrypted with the source's key;
 * 3. waits until the new table is ACTIVE;
 * 4. turns on its stream (the outbox relay reads it), point-in-time recovery and TTL as the source had them;
 * 5. copies the source's tags, so a later restore of the copy knows its topology name again.
 * The stack is then re-pointed by config (`tableOverrides`), which `overrideSnippet` prints.
 */
export async function restoreTable(dynamodb: DynamoDBClient, request: RestoreRequest, options: RestoreOptions = {}): Promise<RestoredTable> {
  const { sleep = delay, pollMs = 10_000, timeoutMs = 6 * 60 * 60 * 1000, progress = () => undefined } = options;
  const { Table: source } = await dynamodb.send(new DescribeTableCommand({ TableName: request.table }));
  if (!source?.TableArn) throw new RestoreError(`No table ${request.table} in this account and region`);
  const [{ Tags = [] }, { TimeToLiveDescription }] = await Promise.all([
    dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: source.TableArn })),
    dynamodb.send(new DescribeTimeToLiveCommand({ TableName: request.table })),
  ]);

  progress(`restoring ${request.table} to ${request.to} as of ${request.time?.toISOString() ?? 'the latest restorable time'}`);
  const keyArn = source.SSEDescription?.KMSMasterKeyArn;
  await dynamodb.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: request.table,
      TargetTableName: request.to,
      ...(request.time ? { RestoreDateTime: request.time } : { UseLatestRestorableTime: true }),
      ...(keyArn ? { SSESpecificationOverride: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn } } : {}),
    }),
  );
  const active = async (): Promise<TableDescription> => {
    for (const started = Date.now(); Date.now() - started <= timeoutMs; await sleep(pollMs)) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: request.to }));
      if (Table?.TableStatus === 'ACTIVE') return Table;
      progress(`${request.to} is ${Table?.TableStatus ?? 'not visible yet'}`);
    }
    throw new RestoreError(`${request.to} did not become ACTIVE within ${Math.round(timeoutMs / 60_000)} minutes; it may still: check it, then run again with another --to or finish by hand (DEPLOY.md, "Restore")`);
  };
  let restored = await active();

  if (source.StreamSpecification?.StreamEnabled) {
    await dynamodb.send(new UpdateTableCommand({ TableName: request.to, StreamSpecification: source.StreamSpecification }));
    restored = await active();
  }
  await dynamodb.send(new UpdateContinuousBackupsCommand({ TableName: request.to, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' && TimeToLiveDescription.AttributeName) {
    await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: request.to, TimeToLiveSpecification: { Enabled: true, AttributeName: TimeToLiveDescription.AttributeName } }));
  }
  // Tags under aws: belong to CloudFormation and cannot be set by anyone else.
  const tags = Tags.filter((tag) => !tag.Key?.startsWith('aws:'));
  if (tags.length > 0 && restored.TableArn) await dynamodb.send(new TagResourceCommand({ ResourceArn: restored.TableArn, Tags: tags }));

  return {
    tableName: request.to,
    topologyName: Tags.find((tag) => tag.Key === TOPOLOGY_TABLE_TAG)?.Value,
    ...(restored.LatestStreamArn ? { streamArn: restored.LatestStreamArn } : {}),
  };
}

/** What to add to the province config (`infra/provinces/<key>.ts`) so the stack uses the restored table, and the deploy that follows. */
export function overrideSnippet(restored: RestoredTable): string {
  const name = restored.topologyName ?? '<topology name of the table, e.g. orgs>';
  const value = JSON.stringify({ tableName: restored.tableName, ...(restored.streamArn ? { streamArn: restored.streamArn } : {}) });
  return [
    `${restored.tableName} is ACTIVE, with its stream, point-in-time recovery, TTL and tags as the source had them.`,
    'Re-point the province at it: add to its config (infra/provinces/<key>.ts)',
    '',
    `  tableOverrides: { ${name}: ${value} },`,
    '',
    'then deploy both stacks (npx cdk deploy -c province=<key> --all). The data stack imports the restored',
    'table instead of creating one; the table it replaces is retained, not deleted: delete it by hand once',
    'the province works on the restored one. DEPLOY.md, "Restore".',
  ].join('\n');
}
