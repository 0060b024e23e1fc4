import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { consumerSpec, consumers, tables, tableSpec, type ConsumerName, type TableName } from '../functions/services.js';
import type { TableSpec } from '../shared/topology.js';
import { LOCAL_AWS_ENV } from './engines.js';

/** Physical names of the local resources: the topology's names under a prefix. */
export const localTableName = (prefix: string, table: TableName) => `${prefix}${table}`;
export const localQueueName = (prefix: string, consumer: ConsumerName) => `${prefix}${consumer}`;
export const localDlqName = (prefix: string, consumer: ConsumerName) => `${prefix}${consumer}-dlq`;

/** The CreateTable input of a declared table: its keys, its indexes, and a stream when it has an outbox. */
export function createTableInput(name: string, spec: TableSpec) {
  const attributes = new Set([spec.partitionKey, spec.sortKey]);
  const indexes: GlobalSecondaryIndex[] = Object.entries(spec.indexes ?? {}).map(([indexName, index]) => {
    attributes.add(index.partitionKey).add(index.sortKey);
    return {
      IndexName: indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: { ProjectionType: 'ALL' },
    };
  });
  const definitions: AttributeDefinition[] = [...attributes]
    .filter((attribute): attribute is string => attribute !== undefined)
    .map((attribute) => ({ AttributeName: attribute, AttributeType: 'S' }));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: definitions,
    KeySchema: [
      { AttributeName: spec.partitionKey, KeyType: 'HASH' as const },
      ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
    ...(spec.outbox ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const } } : {}),
  };
}

/** The names of a table's indexes, or undefined when there is no such table. */
async function existingIndexes(client: DynamoDBClient, name: string): Promise<string[] | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    return (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName!);
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Waits until every index of a table is active: DynamoDB builds one index of a table at a time. */
async function indexesActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let waited = 0; ; waited += 200) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if ((Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (waited > 120_000) throw new Error(`The indexes of ${name} are still being built after two minutes`);
    await sleep(200);
  }
}

/**
 * Adds the indexes the topology gained since a kept table was created (e.g. the outbox
 * sweep's), one at a time as DynamoDB requires (each built before the next is asked for), so
 * `npm start` on old data still runs.
 */
async function addMissingIndexes(client: DynamoDBClient, name: string, spec: TableSpec, existing: string[]): Promise<void> {
  const wanted = createTableInput(name, spec);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (existing.includes(index.IndexName!)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await indexesActive(client, name);
  }
}

/** Creates every table of the topology that does not exist yet, and indexes kept tables lack (kept data stays as it is). */
export async function provisionTables(client: DynamoDBClient, prefix: string): Promise<void> {
  for (const [table, spec] of Object.entries(tables) as [TableName, TableSpec][]) {
    const name = localTableName(prefix, table);
    const indexes = await existingIndexes(client, name);
    if (indexes) {
      await addMissingIndexes(client, name, spec, indexes);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(name, spec)));
    if (spec.ttl) {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: spec.ttl, Enabled: true } }),
      );
    }
  }
}

export interface QueueOverrides {
  /** Shorter visibility timeouts let tests watch redrives without waiting minutes. */
  visibilityTimeoutSeconds?: number;
}

/** Creates each consumer's queue and dead-letter queue with the topology's redrive policy; returns queue URLs. */
export async function provisionQueues(
  client: SQSClient,
  prefix: string,
  overrides: QueueOverrides = {},
): Promise<Record<ConsumerName, { queueUrl: string; dlqUrl: string }>> {
  const urls = {} as Record<ConsumerName, { queueUrl: string; dlqUrl: string }>;
  for (const [consumer, spec] of Object.entries(consumers) as [ConsumerName, (typeof consumers)[ConsumerName]][]) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: localDlqName(prefix, consumer) }));
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }),
    );
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: localQueueName(prefix, consumer),
        Attributes: {
          VisibilityTimeout: String(overrides.visibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: spec.maxReceiveCount }),
        },
      }),
    );
    urls[consumer] = { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
  }
  return urls;
}

/**
 * Deletes a province's tables and queues. Tests run many provinces on one DynamoDB Local and one
 * SQS emulator for the whole run: a province left behind keeps its tables, items and queues in
 * the engines' memory until the run ends.
 */
export async function removeProvisioned(endpoints: { dynamodb: string; sqs: string }, prefix: string): Promise<void> {
  const config = { region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamodb = new DynamoDBClient({ ...config, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...config, endpoint: endpoints.sqs });
  try {
    await Promise.all(
      (Object.keys(tables) as TableName[]).map((table) =>
        dynamodb.send(new DeleteTableCommand({ TableName: localTableName(prefix, table) })).catch((error: Error) => {
          if (error.name !== 'ResourceNotFoundException') throw error;
        }),
      ),
    );
    const queueNames = (Object.keys(consumers) as ConsumerName[]).flatMap((consumer) => [localQueueName(prefix, consumer), localDlqName(prefix, consumer)]);
    await Promise.all(
      queueNames.map(async (QueueName) => {
        try {
          const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName }));
          await sqs.send(new DeleteQueueCommand({ QueueUrl }));
        } catch (error) {
          if (!['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'].includes((error as Error).name)) throw error;
        }
      }),
    );
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}
