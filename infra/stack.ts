import { CfnElement, Duration, RemovalPolicy, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OUTBOX_PREFIX } from '../shared/dynamo.js';
import { queueUrlEnvVar } from '../shared/config.js';
import { gatewayProblem, gatewayProblems, type GatewayProblem } from '../shared/http/problem.js';
import { ServiceFunction } from './constructs/service-function.js';
import type { ProvinceConfig } from './provinces/schema.js';
import {
  HTTP_FUNCTION_TIMEOUT_SECONDS,
  authorizer as authorizerSpec,
  consumerTimeoutSeconds,
  consumers,
  outboxRelay,
  outboxTables,
  routes,
  tables as tableSpecs,
  type ConsumerName,
  type TableName,
  type TableSpec,
} from './topology.js';

export interface ProvinceStackProps extends StackProps {
  province: ProvinceConfig;
}

const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * One province's whole backend, built by looping over `topology.ts`: tables, consumer queues
 * with their DLQs, the outbox relay on every outbox table's stream, one function per route
 * behind a REST API and its authorizer, KMS keys, and alarms on every DLQ and on 5xx answers.
 */
export class ProvinceStack extends Stack {
  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    super(scope, id, props);
    const { province } = props;
    const removalPolicy = province.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    Tags.of(this).add('province', province.code);

    const dataKey = new Key(this, 'DataKey', { enableKeyRotation: true, removalPolicy, description: `${province.name}: tables and queues` });
    const piiKey = new Key(this, 'PiiKey', { enableKeyRotation: true, removalPolicy, description: `${province.name}: envelope key for personal data` });
    const macKey = new Key(this, 'MacKey', {
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy,
      description: `${province.name}: blind indexes and join-link signatures`,
    });

    const tables = {} as Record<TableName, Table>;
    for (const [name, spec] of Object.entries(tableSpecs) as [TableName, TableSpec][]) {
      const table = new Table(this, `${pascal(name)}Table`, {
        partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
        ...(spec.sortKey ? { sortKey: { name: spec.sortKey, type: AttributeType.STRING } } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: dataKey,
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
      tables[name] = table;
    }

    const alarmTopic = new Topic(this, 'AlarmTopic', { masterKey: dataKey, enforceSSL: true });
    if (province.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(province.alarmEmail));
    const alarmOn = (id: string, alarm: Alarm) => alarm.addAlarmAction(new SnsAction(alarmTopic));
    const deadLetterQueue = (id: string) => {
      const dlq = new Queue(this, id, { encryption: QueueEncryption.KMS, encryptionMasterKey: dataKey, enforceSSL: true, retentionPeriod: Duration.days(14) });
      alarmOn(id, new Alarm(this, `${id}Alarm`, {
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `Messages wait in ${id}: a consumer keeps failing on them`,
      }));
      Validations.of(dlq).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue, watched by an alarm.' });
      return dlq;
    };

    const common = { PROVINCE_CODE: province.code };
    const withPii = (fn: ServiceFunction) => {
      fn.addEnvironment('PII_KMS_KEY_ID', piiKey.keyArn);
      fn.addEnvironment('MAC_KMS_KEY_ID', macKey.keyArn);
      piiKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
      macKey.grant(fn, 'kms:GenerateMac');
    };

    const queues = {} as Record<ConsumerName, Queue>;
    for (const [name, spec] of Object.entries(consumers) as [ConsumerName, (typeof consumers)[ConsumerName]][]) {
      const id = pascal(name);
      const queue = new Queue(this, `${id}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetterQueue(`${id}Dlq`), maxReceiveCount: spec.maxReceiveCount },
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: dataKey,
        enforceSSL: true,
      });
      const fn = new ServiceFunction(this, `${id}Function`, {
        handler: spec.handler,
        timeout: Duration.seconds(consumerTimeoutSeconds(name)),
        environment: common,
      });
      for (const table of spec.tables) fn.bindTable(table, tables[table], 'readWrite');
      fn.addEventSource(new SqsEventSource(queue, { batchSize: spec.batchSize, reportBatchItemFailures: true }));
      queues[name] = queue;
    }

    const relay = new ServiceFunction(this, 'OutboxRelayFunction', { handler: outboxRelay.handler, timeout: Duration.seconds(60), environment: common });
    for (const [name, queue] of Object.entries(queues) as [ConsumerName, Queue][]) {
      relay.addEnvironment(queueUrlEnvVar(name), queue.queueUrl);
      queue.grantSendMessages(relay);
    }
    const relayFailures = deadLetterQueue('OutboxRelayDlq');
    for (const name of outboxTables) {
      relay.addEventSource(
        new DynamoEventSource(tables[name], {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: outboxRelay.batchSize,
          retryAttempts: outboxRelay.maxRetries,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(relayFailures),
          filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(OUTBOX_PREFIX) } } } })],
        }),
      );
    }

    const authorizerFn = new ServiceFunction(this, 'AuthorizerFunction', {
      handler: authorizerSpec.handler,
      timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
      environment: {
        ...common,
        JWT_ISSUER: province.jwt.issuer,
        JWT_AUDIENCE: province.jwt.audience,
        ...(province.jwt.jwksUrl ? { JWT_JWKS_URL: province.jwt.jwksUrl } : {}),
      },
    });
    for (const table of authorizerSpec.tables) authorizerFn.bindTable(table, tables[table], 'read');
    // No identity sources and no cache: a request may carry either Authorization or X-Api-Key,
    // and the decision depends on the route, so API Gateway must ask the authorizer every time.
    const authorizer = new RequestAuthorizer(this, 'Authorizer', { handler: authorizerFn, identitySources: [], resultsCacheTtl: Duration.seconds(0) });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const api = new RestApi(this, 'Api', {
      restApiName: `union-services-${province.key}`,
      description: `${province.name} union services API`,
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'prod',
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: 200,
        throttlingBurstLimit: 400,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false, httpMethod: true, ip: true, protocol: true, requestTime: true, resourcePath: true, responseLength: true, status: true, user: false,
        }),
      },
    });

    const gatewayResponses: Record<GatewayProblem, ResponseType> = {
      UNAUTHORIZED: ResponseType.UNAUTHORIZED,
      ACCESS_DENIED: ResponseType.ACCESS_DENIED,
      MISSING_AUTHENTICATION_TOKEN: ResponseType.MISSING_AUTHENTICATION_TOKEN,
      REQUEST_TOO_LARGE: ResponseType.REQUEST_TOO_LARGE,
      THROTTLED: ResponseType.THROTTLED,
    };
    const problemHeaders = { 'Content-Type': "'application/problem+json'" };
    for (const kind of Object.keys(gatewayResponses) as GatewayProblem[]) {
      api.addGatewayResponse(pascal(kind.toLowerCase()), {
        type: gatewayResponses[kind],
        statusCode: String(gatewayProblems[kind].status),
        responseHeaders: problemHeaders,
        templates: { 'application/json': JSON.stringify(gatewayProblem(kind)) },
      });
    }
    api.addGatewayResponse('Default4xx', {
      type: ResponseType.DEFAULT_4XX,
      responseHeaders: problemHeaders,
      templates: { 'application/json': '{"type":"/problems/bad-request","title":"Bad request","status":$context.error.responseType,"detail":$context.error.messageString}' },
    });
    api.addGatewayResponse('Default5xx', {
      type: ResponseType.DEFAULT_5XX,
      responseHeaders: problemHeaders,
      templates: { 'application/json': '{"type":"/problems/internal-error","title":"Internal error","status":500,"detail":"The gateway failed; quote the correlation id","correlationId":"$context.requestId"}' },
    });

    for (const route of routes) {
      const id = `${pascal(route.handler)}Function`;
      const fn = new ServiceFunction(this, id, {
        handler: route.handler,
        timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
        environment: { ...common, JOIN_LINK_BASE_URL: province.joinLinkBaseUrl },
      });
      for (const table of route.tables) fn.bindTable(table, tables[table], route.method === 'GET' ? 'read' : 'readWrite');
      if (route.method === 'POST') fn.bindTable('idempotency', tables.idempotency, 'readWrite');
      if (route.pii) withPii(fn);
      const method = api.root.resourceForPath(route.path).addMethod(
        route.method,
        new LambdaIntegration(fn),
        route.allow === 'public' ? { authorizationType: AuthorizationType.NONE } : { authorizer },
      );
      if (route.allow === 'public') {
        Validations.of(method).acknowledge(
          { id: 'AwsSolutions::AwsSolutions-APIG4', reason: `${route.method} ${route.path} is public by contract (api.md): it answers without credentials.` },
          { id: 'AwsSolutions::AwsSolutions-COG4', reason: `${route.method} ${route.path} is public by contract (api.md): it answers without credentials.` },
        );
      }
    }

    alarmOn('Api5xx', new Alarm(this, 'Api5xxAlarm', {
      metric: api.metricServerError({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'The API answered 5xx: a client should never cause one',
    }));

    const because = {
      logs: 'AWSLambdaBasicExecutionRole and the API Gateway logging role are the AWS-managed minimum for writing logs.',
      kms: 'CDK grants on this stack\'s own customer-managed keys name GenerateDataKey*/ReEncrypt*; the key resource is not a wildcard.',
      xray: 'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) takes no resource ARN.',
      index: 'Queries read the table\'s own GSIs; CDK grants them as <table>/index/*.',
    };
    const indexedTables = (Object.keys(tables) as TableName[]).filter((name) => Object.keys((tableSpecs[name] as TableSpec).indexes ?? {}).length > 0);
    Validations.of(this).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: because.logs },
      { id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', reason: because.logs },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: because.kms },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: because.kms },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: because.xray },
      ...indexedTables.map((name) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.getLogicalId(tables[name].node.defaultChild as CfnElement)}.Arn>/index/*]`,
        reason: because.index,
      })),
      { id: 'AwsSolutions::AwsSolutions-COG4', reason: 'Workers and staff sign in with the province\'s own identity provider (JWTs) and accounts use API keys; the Lambda authorizer verifies both, so there is no Cognito user pool.' },
      { id: 'AwsSolutions::AwsSolutions-APIG2', reason: 'Every function validates its whole request with strict zod schemas and answers RFC 9457 problems naming each field, which API Gateway request validation cannot do.' },
      { id: 'AwsSolutions::AwsSolutions-APIG3', reason: 'Stage throttling limits abuse today; a WAF web ACL is a per-province network decision attached outside this stack.' },
      { id: 'AwsSolutions::AwsSolutions-L1', reason: 'Node.js 22 is pinned on purpose: the local toolchain and the locked libraries (middy 6, vitest 4, zod-openapi 5) are verified on it.' },
    );
  }
}
