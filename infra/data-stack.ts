import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage, type IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { consumers, tables as tableSpecs, type ConsumerName, type TableName } from '../functions/services.js';
import type { ConsumerSpec, TableSpec } from '../shared/topology.js';
import { TableBackups } from './constructs/backups.js';
import { acknowledgeNag } from './constructs/nag.js';
import { entries, pascal, TOPOLOGY_TABLE_TAG } from './names.js';
import type { ProvinceConfig } from './provinces/schema.js';

const found = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`No ${what} in the topology`);
  return value;
};

export interface ProvinceDataStackProps extends StackProps {
  province: ProvinceConfig;
}

/**
 * The province's state, `UnionData-<key>`: KMS keys, tables, queues with their dead-letter
 * queues, and the backups of the tables. It changes when the topology gains a table or a
 * consumer, and otherwise never: the services stack (`UnionServices-<key>`), which deploys with
 * every release, only references what is built here, so no release can replace or delete it
 * (ADR 0024). With `retainData` every table, key and queue is kept even if this stack is deleted.
 */
export class ProvinceDataStack extends Stack {
  readonly province: ProvinceConfig;
  /** Encrypts tables and queues. */
  readonly dataKey: Key;
  /** Envelope key for personal data (`PII_KMS_KEY_ID`). */
  readonly piiKey: Key;
  /** HMAC key for blind indexes (`MAC_KMS_KEY_ID`). */
  readonly macKey: Key;
  /** HMAC key from which list functions derive the key that seals pagination cursors (`CURSOR_KMS_KEY_ID`). */
  readonly cursorKey: Key;
  /** HMAC key of join links alone (`JOIN_LINK_KMS_KEY_ID`): the orgs service signs, the membership service verifies. */
  readonly joinLinkKey: Key;
  /**
   * HMAC key signing requests to the province's SMS gateway (`SMS_GATEWAY_MAC_KMS_KEY_ID`), only
   * where the config sends SMS through one (`sms.provider: 'https-gateway'`).
   */
  readonly smsGatewayKey?: Key;
  /** Encrypts the functions' and the API's log groups, unless the config names a key of its own (`logs.keyArn`). */
  readonly logsKey: IKey;
  /** Tables by topology name: created here, or imported where `tableOverrides` re-points one (a restored table). */
  readonly tables = {} as Record<TableName, ITable>;
  readonly queues = {} as Record<ConsumerName, Queue>;
  /** Each consumer's dead-letter queue, plus the relay's on-failure queue under `outboxRelay`. */
  readonly deadLetterQueues = {} as Record<ConsumerName | 'outboxRelay', Queue>;
  readonly backups: TableBackups;

  constructor(scope: Construct, id: string, props: ProvinceDataStackProps) {
    super(scope, id, props);
    const { province } = props;
    this.province = province;
    const removalPolicy = province.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    Tags.of(this).add('province', province.code);

    this.dataKey = new Key(this, 'DataKey', { enableKeyRotation: true, removalPolicy, description: `${province.name}: tables and queues` });
    this.piiKey = new Key(this, 'PiiKey', { enableKeyRotation: true, removalPolicy, description: `${province.name}: envelope key for personal data` });
    // KMS does not rotate HMAC keys automatically; rotating one would also orphan every blind index.
    this.macKey = new Key(this, 'MacKey', {
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
      description: `${province.name}: blind indexes of personal data`,
    });
    // A key of its own, so a join-link signature can never be made or tested with the blind-index key.
    this.joinLinkKey = new Key(this, 'JoinLinkKey', {
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
      description: `${province.name}: join-link signatures`,
    });
    // Cursors only: a key of its own, so no list function holds a PII key. Nothing stored depends
    // on it (a cursor lives as long as a client pages), so replacing it costs clients no more than
    // restarting a list. HMAC keys do not rotate automatically.
    this.cursorKey = new Key(this, 'CursorKey', {
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
      description: `${province.name}: pagination cursors`,
    });
    if (province.sms.provider === 'https-gateway') {
      // A key of its own: the gateway is granted VerifyMac on it, which must never test a blind index.
      // HMAC keys do not rotate automatically; replacing it means a new grant for the gateway.
      this.smsGatewayKey = new Key(this, 'SmsGatewayKey', {
        keySpec: KeySpec.HMAC_256,
        keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
        removalPolicy,
        description: `${province.name}: signatures of requests to the SMS gateway`,
      });
      // The gateway's operator grants its role VerifyMac on this key (DEPLOY.md).
      new CfnOutput(this, 'SmsGatewayKeyArn', { value: this.smsGatewayKey.keyArn, description: 'KMS HMAC key whose signatures the SMS gateway verifies' });
    }
    this.logsKey = province.logs.keyArn ? Key.fromKeyArn(this, 'LogsKey', province.logs.keyArn) : this.ownLogsKey(removalPolicy);

    for (const [name, spec] of entries<TableName, TableSpec>(tableSpecs)) {
      const override = province.tableOverrides?.[name];
      this.tables[name] = override ? this.importTable(name, spec, override) : this.createTable(name, spec, removalPolicy);
    }

    const deadLetterQueue = (queueId: string) => {
      const dlq = new Queue(this, queueId, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.dataKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy,
      });
      acknowledgeNag(dlq, 'SQS3', 'This queue is itself a dead-letter queue (a redrive target or an event source on-failure destination), watched by an alarm in the services stack.');
      return dlq;
    };
    for (const [name, spec] of entries<ConsumerName, ConsumerSpec>(consumers)) {
      const dlq = deadLetterQueue(`${pascal(name)}Dlq`);
      this.queues[name] = new Queue(this, `${pascal(name)}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.dataKey,
        enforceSSL: true,
        removalPolicy,
      });
      this.deadLetterQueues[name] = dlq;
    }
    this.deadLetterQueues.outboxRelay = deadLetterQueue('OutboxRelayDlq');

    this.backups = new TableBackups(this, 'Backups', {
      tables: Object.values<ITable>(this.tables),
      locked: province.retainData,
      encryptionKey: this.dataKey,
      removalPolicy,
    });
  }

  /** A table the topology declares; a name it does not declare is a bug in a manifest. */
  table(name: TableName): ITable {
    return found(this.tables[name], `table ${name}`);
  }

  queue(name: ConsumerName): Queue {
    return found(this.queues[name], `queue of ${name}`);
  }

  deadLetterQueue(name: ConsumerName | 'outboxRelay'): Queue {
    return found(this.deadLetterQueues[name], `dead-letter queue of ${name}`);
  }

  private createTable(name: TableName, spec: TableSpec, removalPolicy: RemovalPolicy): Table {
    const table = new Table(this, `${pascal(name)}Table`, {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      ...(spec.sortKey ? { sortKey: { name: spec.sortKey, type: AttributeType.STRING } } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(spec.outbox ? { stream: StreamViewType.NEW_IMAGE } : {}),
      ...(spec.ttl ? { timeToLiveAttribute: spec.ttl } : {}),
      removalPolicy,
    });
    Tags.of(table).add(TOPOLOGY_TABLE_TAG, name);
    for (const [indexName, index] of Object.entries(spec.indexes ?? {})) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.STRING } } : {}),
      });
    }
    return table;
  }

  /**
   * A table restored outside CloudFormation (`npm run ops -- restore-table`), which the stack
   * uses in place of the one it created; the created one is retained, not deleted, when its
   * construct goes. An outbox table's relay reads its stream, so its ARN must be given.
   */
  private importTable(name: TableName, spec: TableSpec, override: { tableName: string; streamArn?: string }): ITable {
    if (spec.outbox && !override.streamArn) {
      throw new Error(`Province ${this.province.key}: tableOverrides.${name}.streamArn is required: ${name} is an outbox table, whose stream the relay reads`);
    }
    return Table.fromTableAttributes(this, `${pascal(name)}Table`, {
      tableName: override.tableName,
      ...(override.streamArn ? { tableStreamArn: override.streamArn } : {}),
      encryptionKey: this.dataKey,
      // Queries read its global secondary indexes, which a restore keeps.
      grantIndexPermissions: Object.keys(spec.indexes ?? {}).length > 0,
    });
  }

  /** CloudWatch Logs encrypts with it in this region only, and only for this account's log groups. */
  private ownLogsKey(removalPolicy: RemovalPolicy): Key {
    const key = new Key(this, 'LogsKey', { enableKeyRotation: true, removalPolicy, description: `${this.province.name}: function and API logs` });
    // The logs principal is regional and ends in the partition's domain (amazonaws.com.cn in China).
    key.grant(new ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
    }), 'kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*');
    return key;
  }
}
