import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { consumerSpec, consumers, tables, tableSpec, type ConsumerName, type TableName } from '../functions/services.js';
import type { TableSpec } from '../shared/topology.js';

/** Physical names of the local resources: the topology's names under a prefix. */
export const localTableName = (prefix: string, table: TableName) => `${prefix}${table}`;
export const localQueueName = (prefix: string, consumer: ConsumerName) => `${prefix}${consumer}`;
export const localDlqName = (prefix: string, consumer: ConsumerName) => `${prefix}${consumer}-dlq`;

function createTableInput(name: string, spec: TableSpec) {
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

async function tableExists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/** Creates every table of the topology that does not exist yet (kept data stays as it is). */
export async function provisionTables(client: DynamoDBClient, prefix: string): Promise<void> {
  for (const [table, spec] of Object.entries(tables) as [TableName, TableSpec][]) {
    const name = localTableName(prefix, table);
    if (await tableExists(client, name)) continue;
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
