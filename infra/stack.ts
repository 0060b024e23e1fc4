import { Duration, NestedStack, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  AwsIntegration,
  EndpointType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
  type CfnAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OUTBOX_PREFIX } from '../shared/dynamo.js';
import { acknowledgeNag } from './constructs/nag.js';
import { addProblemResponses } from './constructs/problem-responses.js';
import { ServiceFunction } from './constructs/service-function.js';
import type { ProvinceConfig } from './provinces/schema.js';
import {
  authorizer as authorizerSpec,
  consumerTimeoutSeconds,
  consumers,
  outboxRelay,
  outboxTables,
  schedules,
  routes,
  tables as tableSpecs,
  type ConsumerName,
  type ScheduleName,
  type TableName,
} from '../functions/services.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, type ConsumerSpec, type RouteSpec, type ScheduleSpec, type TableSpec } from '../shared/topology.js';

export interface ProvinceStackProps extends StackProps {
  province: ProvinceConfig;
}

/** `orgs/create-org` → `OrgsCreateOrg`, `statsProjector` → `StatsProjector`: construct ids. */
const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** `GET /v1/orgs/{orgId}`: how a route is named in maps, logs and the authorizer. */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

// A batch of up to 100 outbox records fans out to a few SendMessage calls; a minute leaves
// room for SDK retries without letting one stuck batch hold its shard for long.
const RELAY_TIMEOUT = Duration.seconds(60);

/** Folders of functions/ that are the platform, not a service: their functions stay in the province's stack. */
const PLATFORM_FUNCTIONS = new Set(['auth', 'outbox']);

const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/**
 * One province's whole backend, built by looping over the services' merged manifests (`functions/services.ts`): tables, consumer queues
 * with their DLQs, the outbox relay on every outbox table's stream and the sweep behind it, one function per route
 * behind a REST API and its authorizer, KMS keys, and alarms on every DLQ and on 5xx answers.
 * Nothing here names a route or consumer, and the only table named is `idempotency`, which the
 * topology gives every POST route. The members expose what was built, by topology name, for
 * tests and for stacks that build on it.
 */
export class ProvinceStack extends Stack {
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
  readonly tables = {} as Record<TableName, Table>;
  readonly queues = {} as Record<ConsumerName, Queue>;
  /** Each consumer's dead-letter queue, plus the relay's on-failure queue under `outboxRelay`. */
  readonly deadLetterQueues = {} as Record<ConsumerName | 'outboxRelay', Queue>;
  readonly consumerFunctions = {} as Record<ConsumerName, ServiceFunction>;
  readonly relayFunction: ServiceFunction;
  /** Scheduled functions, the services' and the platform's (the outbox sweep), by schedule name. */
  readonly scheduleFunctions = {} as Record<ScheduleName, ServiceFunction>;
  readonly authorizerFunction: ServiceFunction;
  /** Route functions by `routeKey`, e.g. `GET /v1/health`. */
  readonly routeFunctions: Record<string, ServiceFunction> = {};
  readonly api: RestApi;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
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
    // restarting a list, and it goes with the stack. HMAC keys do not rotate automatically.
    this.cursorKey = new Key(this, 'CursorKey', {
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.DESTROY,
      description: `${province.name}: pagination cursors`,
    });

    for (const [name, spec] of entries<TableName, TableSpec>(tableSpecs)) {
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
      for (const [indexName, index] of Object.entries(spec.indexes ?? {})) {
        table.addGlobalSecondaryIndex({
          indexName,
          partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
          ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.STRING } } : {}),
        });
      }
      this.tables[name] = table;
    }

    // CloudWatch must encrypt what it publishes to the topic, and may not use the AWS-managed
    // SNS key, so the topic gets a key of its own rather than a grant on the data key.
    const alarmKey = new Key(this, 'AlarmKey', { enableKeyRotation: true, description: `${province.name}: alarm notifications` });
    alarmKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    // Created even without an email: subscribers can then be added without a deployment.
    this.alarmTopic = new Topic(this, 'AlarmTopic', { masterKey: alarmKey, enforceSSL: true, displayName: `${province.name} union services alarms` });
    if (province.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(province.alarmEmail));
    const alarm = (alarmId: string, metric: IMetric, alarmDescription: string) =>
      new Alarm(this, alarmId, {
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription,
      }).addAlarmAction(new SnsAction(this.alarmTopic));
    const deadLetterQueue = (queueId: string, holds: string) => {
      const dlq = new Queue(this, queueId, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.dataKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      alarm(`${queueId}Alarm`, dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), `${holds} wait in ${queueId}: look at the failures, fix, then redrive`);
      acknowledgeNag(dlq, 'SQS3', 'This queue is itself a dead-letter queue (a redrive target or an event source on-failure destination), watched by an alarm.');
      return dlq;
    };

    const common = { PROVINCE_CODE: province.code, ...(province.rosterLimits ? { ROSTER_LIMITS: JSON.stringify(province.rosterLimits) } : {}) };

    for (const [name, spec] of entries<ConsumerName, ConsumerSpec>(consumers)) {
      const id = pascal(name);
      const dlq = deadLetterQueue(`${id}Dlq`, `Events ${name} failed ${spec.maxReceiveCount} times`);
      const queue = new Queue(this, `${id}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.dataKey,
        enforceSSL: true,
      });
      const fn = new ServiceFunction(this.scopeFor(spec.handler), `${id}Function`, {
        handler: spec.handler,
        timeout: Duration.seconds(consumerTimeoutSeconds(name)),
        environment: common,
      });
      for (const table of spec.tables) fn.bindTable(table, this.table(table), 'readWrite');
      if (spec.pii) this.handPiiKeys(fn);
      fn.addEventSource(
        new SqsEventSource(queue, { batchSize: spec.batchSize, reportBatchItemFailures: true, ...(spec.maxConcurrency ? { maxConcurrency: spec.maxConcurrency } : {}) }),
      );
      this.queues[name] = queue;
      this.deadLetterQueues[name] = dlq;
      this.consumerFunctions[name] = fn;
    }
    for (const [name, spec] of entries<ConsumerName, ConsumerSpec>(consumers)) {
      for (const target of spec.sendsTasksTo ?? []) this.consumerFunctions[name]!.sendTo(target, this.queues[target]!);
    }

    this.relayFunction = new ServiceFunction(this, 'OutboxRelayFunction', {
      handler: outboxRelay.handler,
      timeout: RELAY_TIMEOUT,
      environment: common,
      moreWildcardResources: 'Every DynamoDB stream event source also grants dynamodb:ListStreams, an account-level action with no resource ARN.',
    });
    for (const [name, queue] of entries(this.queues)) this.relayFunction.sendTo(name, queue);
    // The relay marks each item it published (out of the sweep's index, TTL from then on).
    for (const name of outboxTables) this.relayFunction.bindTable(name, this.table(name), 'readWrite');
    this.deadLetterQueues.outboxRelay = deadLetterQueue('OutboxRelayDlq', 'Outbox batches the relay gave up on (the sweep republishes their events; find why the relay fails)');
    for (const name of outboxTables) {
      this.relayFunction.addEventSource(
        new DynamoEventSource(this.table(name), {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: outboxRelay.batchSize,
          retryAttempts: outboxRelay.maxRetries,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.deadLetterQueues.outboxRelay),
          // Only new outbox items: state changes, updates and TTL deletions never invoke the relay.
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(OUTBOX_PREFIX) } } },
            }),
          ],
        }),
      );
    }

    for (const [name, spec] of entries<ScheduleName, ScheduleSpec>(schedules)) {
      const id = pascal(name);
      const scope = this.scopeFor(spec.handler);
      const fn = new ServiceFunction(scope, `${id}Function`, { handler: spec.handler, timeout: Duration.seconds(60), environment: common });
      for (const table of spec.tables) fn.bindTable(table, this.table(table), 'readWrite');
      if (spec.publishesEvents) for (const [consumer, queue] of entries(this.queues)) fn.sendTo(consumer, queue);
      this.scheduleFunctions[name] = fn;
      // A failing schedule has no queue or DLQ to show it; for the outbox sweep, one that keeps
      // failing is the one way an event could stay undelivered.
      alarm(`${id}ErrorsAlarm`, fn.metricErrors({ period: Duration.minutes(15) }), `${name} failed: what it does for the province is not being done`);
      // With its function, so the rule's invoke permission does not tie the stacks in a loop.
      new Rule(scope, `${id}Schedule`, { schedule: Schedule.rate(Duration.minutes(spec.everyMinutes)), targets: [new LambdaFunction(fn)] });
    }

    this.authorizerFunction = new ServiceFunction(this, 'AuthorizerFunction', {
      handler: authorizerSpec.handler,
      timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
      environment: {
        ...common,
        JWT_ISSUER: province.jwt.issuer,
        JWT_AUDIENCE: province.jwt.audience,
        ...(province.jwt.jwksUrl ? { JWT_JWKS_URL: province.jwt.jwksUrl } : {}),
        AUTHORIZER_CACHE_SECONDS: String(province.authorizerCacheSeconds),
      },
    });
    for (const table of authorizerSpec.tables) this.authorizerFunction.bindTable(table, this.table(table), 'read');
    // No identity sources, no cache. A caller presents either `Authorization: Bearer <jwt>` or
    // `X-Api-Key`, never both; API Gateway answers 401 without invoking a REQUEST authorizer
    // when any listed identity source is missing, so listing both would lock out every caller
    // and listing one would lock out the other kind. The decision also depends on the route
    // (its allow-list), which a cached policy keyed on the credential would not see. CDK allows
    // an empty list only with `resultsCacheTtl` 0, and API Gateway only needs identity sources
    // for caching; the empty `IdentitySource` string CDK renders is removed so CloudFormation
    // leaves the optional property unset rather than sending "".
    const authorizer = new RequestAuthorizer(this, 'Authorizer', {
      handler: this.authorizerFunction,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    (authorizer.node.defaultChild as CfnAuthorizer).addPropertyDeletionOverride('IdentitySource');

    // The Cybersecurity Law (网络安全法, art. 21) asks for network logs kept at least six months.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.SIX_MONTHS, removalPolicy });
    this.api = new RestApi(this, 'Api', {
      restApiName: `union-services-${province.key}`,
      description: `${province.name} union services API`,
      // China regions have no edge-optimized (CloudFront) endpoints; regional works everywhere.
      endpointTypes: [EndpointType.REGIONAL],
      // Posters answer PNG (base64 in the proxy result) when the request's Accept names it.
      binaryMediaTypes: ['image/png'],
      // Stage logging needs the account's API Gateway CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        // The version lives in the paths (/v1/...), so the stage only names the deployment.
        stageName: 'prod',
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Full request logging would write tokens, API keys and ID numbers to CloudWatch.
        dataTraceEnabled: false,
        throttlingRateLimit: 200,
        throttlingBurstLimit: 400,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            ip: AccessLogField.contextIdentitySourceIp(),
            requestTime: AccessLogField.contextRequestTime(),
            httpMethod: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            status: AccessLogField.contextStatus(),
            protocol: AccessLogField.contextProtocol(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationStatus: AccessLogField.contextIntegrationStatus(),
            errorType: AccessLogField.contextErrorResponseType(),
          }),
        ),
      },
    });
    addProblemResponses(this.api);
    acknowledgeNag(this.api, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level role API Gateway assumes to write stage access and execution logs; AWS documents this managed policy for it and it grants log writes only.');
    acknowledgeNag(this.api, 'APIG2',
      'Every function validates path, query and body with strict zod schemas and answers RFC 9457 problems naming each bad field, which API Gateway request validation cannot produce.');
    acknowledgeNag(this.api.deploymentStage, 'APIG3',
      'Stage throttling bounds abuse today; a WAF web ACL is a per-province network decision (and WAF availability differs in the China regions), attached outside this stack.');

    // One invoke permission per function, for any method of this API, lives with the function in
    // its service's stack: scoped to the method, it would name the stage, and the stage depends on
    // every method, so the stacks would depend on each other in a loop. Added here rather than by
    // LambdaIntegration, which puts it in the API's scope, so in the province stack: a hundred
    // resources there that CloudFormation's 500 a stack counts.
    const apiArn = this.api.arnForExecuteApi();
    for (const route of routes) {
      const fn = new ServiceFunction(this.scopeFor(route.handler), `${pascal(route.handler)}Function`, {
        handler: route.handler,
        timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
        environment: { ...common, JOIN_LINK_BASE_URL: province.joinLinkBaseUrl, PROVINCE_PLATFORMS: JSON.stringify(province.platforms) },
        ...(route.files ? { files: route.files } : {}),
      });
      for (const table of route.tables) fn.bindTable(table, this.table(table), route.method === 'GET' ? 'read' : 'readWrite');
      // Creating POSTs keep Idempotency-Key records (shared/http/idempotency-store.ts).
      if (route.method === 'POST') fn.bindTable('idempotency', this.table('idempotency'), 'readWrite');
      if (route.audit) fn.bindTable('audit', this.table('audit'), route.audit);
      if (route.pii) this.handPiiKeys(fn);
      if (route.pages) this.handCursorKey(fn);
      if (route.joinLinks) this.handJoinLinkKey(fn, route.joinLinks);
      if (route.sms) this.handSms(fn);
      this.routeFunctions[routeKey(route)] = fn;

      const isPublic = route.allow === 'public';
      fn.addPermission('ApiInvoke', { principal: new ServicePrincipal('apigateway.amazonaws.com'), sourceArn: apiArn });
      const integration = new AwsIntegration({ proxy: true, service: 'lambda', path: `2015-03-31/functions/${fn.functionArn}/invocations` });
      const method = this.api.root
        .resourceForPath(route.path)
        .addMethod(route.method, integration, isPublic ? { authorizationType: AuthorizationType.NONE } : { authorizer });
      if (isPublic) {
        const reason = `${routeKey(route)} is public by design (allow: 'public' in its service manifest): it answers without credentials and reveals nothing but liveness and the province code.`;
        acknowledgeNag(method, 'APIG4', reason);
        acknowledgeNag(method, 'COG4', reason);
      } else {
        acknowledgeNag(method, 'COG4',
          `${routeKey(route)} is authorized by the Lambda REQUEST authorizer (JWTs from the province's identity provider, or account API keys, checked against the route's allow-list); the province's users are not in a Cognito user pool.`);
      }
    }

    alarm('Api5xxAlarm', this.api.metricServerError({ period: Duration.minutes(5) }), 'The API answered 5xx: a client should never cause one');
  }

  private readonly serviceStacks = new Map<string, NestedStack>();

  /**
   * Where a handler's function is built: a nested stack per service, so a province stays under
   * CloudFormation's 500 resources per stack however many services it runs; the platform's own
   * functions (the authorizer, the outbox relay and sweep) stay in this stack.
   */
  private scopeFor(handler: string): Construct {
    const service = handler.split('/')[0]!;
    if (PLATFORM_FUNCTIONS.has(service)) return this;
    let nested = this.serviceStacks.get(service);
    if (!nested) {
      nested = new NestedStack(this, `${pascal(service)}Service`, { description: `${this.province.name}: the ${service} service's functions` });
      this.serviceStacks.set(service, nested);
    }
    return nested;
  }

  /** The nested stack of each service, by service name. */
  get services(): ReadonlyMap<string, NestedStack> {
    return this.serviceStacks;
  }

  /** A table the topology declares; a name it does not declare is a bug in a manifest. */
  table(name: TableName): Table {
    const table = this.tables[name];
    if (!table) throw new Error(`No table ${name} in the topology`);
    return table;
  }

  /**
   * The PII vault's keys, only for functions the topology marks `pii`: envelope encryption
   * (GenerateDataKey to seal, Decrypt to open) and blind indexes and join-link signatures
   * (GenerateMac).
   */
  private handPiiKeys(fn: ServiceFunction): void {
    fn.addEnvironment('PII_KMS_KEY_ID', this.piiKey.keyArn);
    fn.addEnvironment('MAC_KMS_KEY_ID', this.macKey.keyArn);
    this.piiKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.macKey.grant(fn, 'kms:GenerateMac');
  }

  /**
   * The cursor key, only for routes the topology marks `pages`: GenerateMac of a fixed label,
   * once per container, from which the function derives the key that seals its cursors.
   */
  private handCursorKey(fn: ServiceFunction): void {
    fn.addEnvironment('CURSOR_KMS_KEY_ID', this.cursorKey.keyArn);
    this.cursorKey.grant(fn, 'kms:GenerateMac');
  }

  /** The join-link key: GenerateMac where links are signed, VerifyMac where they are checked, nothing else. */
  private handJoinLinkKey(fn: ServiceFunction, use: 'sign' | 'verify'): void {
    fn.addEnvironment('JOIN_LINK_KMS_KEY_ID', this.joinLinkKey.keyArn);
    this.joinLinkKey.grant(fn, use === 'sign' ? 'kms:GenerateMac' : 'kms:VerifyMac');
  }

  /** End User Messaging SMS from the province's own origination identity, and only from it. */
  private handSms(fn: ServiceFunction): void {
    fn.addEnvironment('SMS_ORIGINATION_IDENTITY', this.province.sms.originationIdentityArn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [this.province.sms.originationIdentityArn] }));
  }
}
