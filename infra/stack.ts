import { AssetStaging, Duration, NestedStack, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  AwsIntegration,
  EndpointType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
  type CfnAuthorizer,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { relayFilter } from '../shared/outbox.js';
import { businessMetric, ProvinceDashboard } from './constructs/dashboard.js';
import { acknowledgeNag } from './constructs/nag.js';
import { addProblemResponses } from './constructs/problem-responses.js';
import { Releases } from './constructs/releases.js';
import { ServiceFunction, type ServiceFunctionProps } from './constructs/service-function.js';
import { pagesAsset, webSourceDir } from './constructs/site-build.js';
import { UsagePlans } from './constructs/usage-plans.js';
import { ApiWebAcl } from './constructs/web-acl.js';
import { WebHosting } from './constructs/web-hosting.js';
import type { ProvinceDataStack } from './data-stack.js';
import { entries, pascal, restApiName } from './names.js';
import type { ProvinceConfig } from './provinces/schema.js';
import { regionOffers } from './regions.js';
import {
  authorizer as authorizerSpec,
  consumerTimeoutSeconds,
  consumers,
  outboxRelay,
  outboxTables,
  schedules,
  routes,
  site,
  type ConsumerName,
  type ScheduleName,
} from '../functions/services.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, isMetered, type ConsumerSpec, type RouteSpec, type ScheduleSpec } from '../shared/topology.js';
import { SITE_FOLDER } from '../web/site.js';

export interface ProvinceStackProps extends StackProps {
  province: ProvinceConfig;
  /** The province's state, which this stack uses and never owns. */
  data: ProvinceDataStack;
}

/** `GET /v1/orgs/{orgId}`: how a route is named in maps, logs and the authorizer. */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

// A batch of up to 100 outbox records fans out to a few SendMessage calls; a minute leaves
// room for SDK retries without letting one stuck batch hold its shard for long.
const RELAY_TIMEOUT = Duration.seconds(60);
const SCHEDULE_TIMEOUT = Duration.seconds(60);

/** Folders of functions/ that are the platform, not a service: their functions stay in the province's stack. */
const PLATFORM_FUNCTIONS = new Set(['auth', 'outbox']);

/**
 * One province's code, `UnionServices-<key>`, built by looping over the services' merged
 * manifests (`functions/services.ts`) on top of the province's data stack (tables, keys and
 * queues, `UnionData-<key>`): one function per route behind a REST API and its authorizer, the
 * consumers on their queues, the outbox relay on every outbox table's stream and the schedules,
 * each function behind a `live` alias released gradually by CodeDeploy; a WAF web ACL where the
 * config asks for one; the web pages on CloudFront, or from the API, where the config says so; alarms and
 * the province's dashboard. Deploying it often is safe: it holds
 * no data. Nothing here names a route or consumer, and the only table named is `idempotency`,
 * which the topology gives every POST route. The members expose what was built, by topology
 * name, for tests and for stacks that build on it.
 */
export class ProvinceStack extends Stack {
  readonly province: ProvinceConfig;
  readonly data: ProvinceDataStack;
  readonly consumerFunctions = {} as Record<ConsumerName, ServiceFunction>;
  readonly relayFunction: ServiceFunction;
  /** Scheduled functions, the services' and the platform's (the outbox sweep), by schedule name. */
  readonly scheduleFunctions = {} as Record<ScheduleName, ServiceFunction>;
  readonly authorizerFunction: ServiceFunction;
  /** Route functions by `routeKey`, e.g. `GET /v1/health`. */
  readonly routeFunctions: Record<string, ServiceFunction> = {};
  readonly api: RestApi;
  readonly alarmTopic: Topic;
  readonly webAcl?: ApiWebAcl;
  /** The web pages and the API on one origin, where the config hosts them on CloudFront. */
  readonly web?: WebHosting;
  /** The function that serves the web pages from the API, where the config says `web.hosting: 'api'`. */
  readonly siteFunction?: ServiceFunction;
  readonly dashboard: ProvinceDashboard;
  private readonly releases = new Map<Stack, Releases>();
  /** Where the region has X-Ray for Lambda (not in the China regions). */
  private readonly tracing: boolean;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    super(scope, id, props);
    const { province, data } = props;
    this.province = province;
    this.data = data;
    this.tracing = regionOffers(province.awsRegion, 'lambdaXRay');
    // CDK would tag the dashboard too, which CloudFormation's dashboard resource does not take (cfn-lint E3002).
    Tags.of(this).add('province', province.code, { excludeResourceTypes: ['AWS::CloudWatch::Dashboard'] });

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
    const dlqAlarm = (name: ConsumerName | 'outboxRelay', holds: string) => {
      const dlqId = `${pascal(name)}Dlq`;
      alarm(`${dlqId}Alarm`, data.deadLetterQueue(name).metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), `${holds} wait in ${dlqId}: look at the failures, fix, then redrive`);
    };

    const common = { PROVINCE_CODE: province.code, ...(province.rosterLimits ? { ROSTER_LIMITS: JSON.stringify(province.rosterLimits) } : {}) };

    for (const [name, spec] of entries<ConsumerName, ConsumerSpec>(consumers)) {
      const fn = this.serviceFunction(this.scopeFor(spec.handler), `${pascal(name)}Function`, {
        handler: spec.handler,
        timeout: Duration.seconds(consumerTimeoutSeconds(name)),
        environment: common,
      });
      for (const table of spec.tables) fn.bindTable(table, data.table(table), 'readWrite');
      if (spec.pii) this.handPiiKeys(fn);
      fn.live.addEventSource(
        new SqsEventSource(data.queue(name), { batchSize: spec.batchSize, reportBatchItemFailures: true, ...(spec.maxConcurrency ? { maxConcurrency: spec.maxConcurrency } : {}) }),
      );
      dlqAlarm(name, `Events ${name} failed ${spec.maxReceiveCount} times`);
      this.consumerFunctions[name] = fn;
    }
    for (const [name, spec] of entries<ConsumerName, ConsumerSpec>(consumers)) {
      for (const target of spec.sendsTasksTo ?? []) this.consumerFunctions[name]!.sendTo(target, data.queue(target));
    }

    this.relayFunction = this.serviceFunction(this, 'OutboxRelayFunction', {
      handler: outboxRelay.handler,
      timeout: RELAY_TIMEOUT,
      environment: common,
      moreWildcardResources: 'Every DynamoDB stream event source also grants dynamodb:ListStreams, an account-level action with no resource ARN.',
    });
    for (const [name, queue] of entries(data.queues)) this.relayFunction.sendTo(name, queue);
    // The relay marks each item it published (out of the sweep's index, TTL from then on).
    for (const name of outboxTables) this.relayFunction.bindTable(name, data.table(name), 'readWrite');
    dlqAlarm('outboxRelay', 'Outbox batches the relay gave up on (the sweep republishes their events; find why the relay fails)');
    for (const name of outboxTables) {
      this.relayFunction.live.addEventSource(
        new DynamoEventSource(data.table(name), {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: outboxRelay.batchSize,
          retryAttempts: outboxRelay.maxRetries,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(data.deadLetterQueue('outboxRelay')),
          // Only new outbox items: state changes, updates and TTL deletions never invoke the relay.
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual(relayFilter.eventName),
              dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(relayFilter.pkPrefix) } } },
            }),
          ],
        }),
      );
    }

    for (const [name, spec] of entries<ScheduleName, ScheduleSpec>(schedules)) {
      const id = pascal(name);
      const scope = this.scopeFor(spec.handler);
      const fn = this.serviceFunction(scope, `${id}Function`, { handler: spec.handler, timeout: SCHEDULE_TIMEOUT, environment: common });
      for (const table of spec.tables) fn.bindTable(table, data.table(table), 'readWrite');
      if (spec.publishesEvents) for (const [consumer, queue] of entries(data.queues)) fn.sendTo(consumer, queue);
      this.scheduleFunctions[name] = fn;
      // A failing schedule has no queue or DLQ to show it; for the outbox sweep, one that keeps
      // failing is the one way an event could stay undelivered.
      alarm(`${id}ErrorsAlarm`, fn.metricErrors({ period: Duration.minutes(15) }), `${name} failed: what it does for the province is not being done`);
      // With its function, so the rule's invoke permission does not tie the stacks in a loop.
      new Rule(scope, `${id}Schedule`, { schedule: Schedule.rate(Duration.minutes(spec.everyMinutes)), targets: [new LambdaFunction(fn.live)] });
    }

    this.authorizerFunction = this.serviceFunction(this, 'AuthorizerFunction', {
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
    for (const table of authorizerSpec.tables) this.authorizerFunction.bindTable(table, data.table(table), 'read');
    // No identity sources, no cache. A caller presents either `Authorization: Bearer <jwt>` or
    // `X-Api-Key`, never both; API Gateway answers 401 without invoking a REQUEST authorizer
    // when any listed identity source is missing, so listing both would lock out every caller
    // and listing one would lock out the other kind. The decision also depends on the route
    // (its allow-list), which a cached policy keyed on the credential would not see. CDK allows
    // an empty list only with `resultsCacheTtl` 0, and API Gateway only needs identity sources
    // for caching; the empty `IdentitySource` string CDK renders is removed so CloudFormation
    // leaves the optional property unset rather than sending "".
    const authorizer = new RequestAuthorizer(this, 'Authorizer', {
      handler: this.authorizerFunction.live,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    (authorizer.node.defaultChild as CfnAuthorizer).addPropertyDeletionOverride('IdentitySource');

    // The Cybersecurity Law (网络安全法, art. 21) asks for network logs kept at least six months.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.SIX_MONTHS, encryptionKey: data.logsKey, removalPolicy: this.logRemovalPolicy });
    this.api = new RestApi(this, 'Api', {
      restApiName: restApiName(province.key),
      description: `${province.name} union services API`,
      // China regions have no edge-optimized (CloudFront) endpoints; regional works everywhere.
      endpointTypes: [EndpointType.REGIONAL],
      // The authorizer names the account's usage key; clients never send one.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Posters answer PNG (base64 in the proxy result) when the request's Accept names it.
      binaryMediaTypes: ['image/png'],
      // Stage logging needs the account's API Gateway CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        // The version lives in the paths (/v1/...), so the stage only names the deployment.
        stageName: 'prod',
        tracingEnabled: regionOffers(province.awsRegion, 'apiGatewayXRay'),
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
    const usagePlans = new UsagePlans(this, 'UsagePlans', { api: this.api, tiers: province.apiUsageTiers });
    acknowledgeNag(this.api, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level role API Gateway assumes to write stage access and execution logs; AWS documents this managed policy for it and it grants log writes only.');
    acknowledgeNag(this.api, 'APIG2',
      'Every function validates path, query and body with strict zod schemas and answers RFC 9457 problems naming each bad field, which API Gateway request validation cannot produce.');
    if (province.waf) {
      this.webAcl = new ApiWebAcl(this, 'WebAcl', { stage: this.api.deploymentStage, rateLimitPerIp: province.waf.rateLimitPerIp, name: `union-services-${province.key}` });
    } else {
      acknowledgeNag(this.api.deploymentStage, 'APIG3',
        `${province.name} runs without a WAF web ACL (config waf: false, where the region lacks WAF); stage throttling and the authorizer are the bounds on abuse.`);
    }

    for (const route of routes) {
      const fn = this.serviceFunction(this.scopeFor(route.handler), `${pascal(route.handler)}Function`, {
        handler: route.handler,
        timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
        environment: { ...common, JOIN_LINK_BASE_URL: province.joinLinkBaseUrl, PROVINCE_PLATFORMS: JSON.stringify(province.platforms) },
        ...(route.files ? { files: route.files } : {}),
      });
      for (const table of route.tables) fn.bindTable(table, data.table(table), route.method === 'GET' ? 'read' : 'readWrite');
      // Creating POSTs keep Idempotency-Key records (shared/http/idempotency-store.ts).
      if (route.method === 'POST') fn.bindTable('idempotency', data.table('idempotency'), 'readWrite');
      if (route.audit) fn.bindTable('audit', data.table('audit'), route.audit);
      if (route.pii) this.handPiiKeys(fn);
      if (route.pages) this.handCursorKey(fn);
      if (route.joinLinks) this.handJoinLinkKey(fn, route.joinLinks);
      if (route.sms) this.handSms(fn);
      if (route.usageKeys) usagePlans.grantRegistration(fn);
      this.routeFunctions[routeKey(route)] = fn;

      if (route.allow === 'public') {
        this.exposeOnApi(fn, [route.path], route.method, { authorizationType: AuthorizationType.NONE },
          `${routeKey(route)} is public by design (allow: 'public' in its service manifest): it answers without credentials and reveals nothing but liveness and the province code.`);
      } else {
        this.exposeOnApi(fn, [route.path], route.method, { authorizer, apiKeyRequired: isMetered(route) });
      }
    }

    if (province.web.hosting === 'cloudfront') {
      this.web = new WebHosting(this, 'Web', { province, hosting: province.web, api: this.api, logRetentionDays: province.logs.retentionDays });
    }
    if (province.web.hosting === 'api') {
      // The province's build, staged beside the function's bundle and copied into it; both are
      // skipped together where CDK skips bundling, as they live in the same (nested) stack.
      const scope = this.scopeFor(site.handler);
      const pages = new AssetStaging(scope, 'Pages', { sourcePath: webSourceDir, ...pagesAsset(province) });
      this.siteFunction = this.serviceFunction(scope, `${pascal(site.handler)}Function`, {
        handler: site.handler,
        timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
        // The identity provider's origin goes into the pages' CSP (connect-src), as on CloudFront.
        environment: { ...common, JWT_ISSUER: province.jwt.issuer },
        files: [{ folder: pages.absoluteStagedPath, as: SITE_FOLDER }],
      });
      // Public like the pages on any web host: no authorizer, so no API key and no usage plan either.
      this.exposeOnApi(this.siteFunction, site.paths, 'GET', { authorizationType: AuthorizationType.NONE },
        'The web pages (web.hosting: \'api\') are static files anyone may load, as on any web site; they hold no data, and what they then call under /v1/ is authorized.');
    }

    alarm('Api5xxAlarm', this.api.metricServerError({ period: Duration.minutes(5) }), 'The API answered 5xx: a client should never cause one');
    alarm('WebhookDeliveryFailedAlarm', businessMetric('webhookDeliveryFailed', 'webhooks', Duration.minutes(15)),
      'A webhook delivery failed for good (every retry spent): the account\'s endpoint is down or refuses us; tell the account');

    this.dashboard = new ProvinceDashboard(this, 'Dashboard', {
      name: `union-services-${province.key}`,
      api: this.api,
      routes: routes.map((route) => ({ key: routeKey(route), fn: this.routeFunctions[routeKey(route)]! })),
      consumers: entries(this.consumerFunctions).map(([name]) => ({ name, queue: data.queue(name), deadLetterQueue: data.deadLetterQueue(name) })),
    });
  }

  /**
   * Puts `fn` on `method` of each of `paths`. The one invoke permission, for any method of this
   * API, lives with the function in its service's stack: scoped to the method, it would name the
   * stage, and the stage depends on every method, so the stacks would depend on each other in a
   * loop. Added here rather than by LambdaIntegration, which puts it in the API's scope, so in
   * the province stack: a hundred resources there that CloudFormation's 500 a stack counts.
   * `publicReason` says why methods without the authorizer are public.
   */
  private exposeOnApi(fn: ServiceFunction, paths: readonly string[], httpMethod: RouteSpec['method'], options: MethodOptions, publicReason?: string): void {
    fn.live.addPermission('ApiInvoke', { principal: new ServicePrincipal('apigateway.amazonaws.com'), sourceArn: this.api.arnForExecuteApi() });
    const integration = new AwsIntegration({ proxy: true, service: 'lambda', path: `2015-03-31/functions/${fn.live.functionArn}/invocations` });
    for (const path of paths) {
      const method = this.api.root.resourceForPath(path).addMethod(httpMethod, integration, options);
      if (publicReason) {
        acknowledgeNag(method, 'APIG4', publicReason);
        acknowledgeNag(method, 'COG4', publicReason);
      } else {
        acknowledgeNag(method, 'COG4',
          `${httpMethod} ${path} is authorized by the Lambda REQUEST authorizer (JWTs from the province's identity provider, or account API keys, checked against the route's allow-list); the province's users are not in a Cognito user pool.`);
      }
    }
  }

  /** A function with the province's logging, tracing and gradual releases. */
  private serviceFunction(scope: Construct, id: string, props: Omit<ServiceFunctionProps, 'logs' | 'releases' | 'tracing'>): ServiceFunction {
    return new ServiceFunction(scope, id, {
      ...props,
      logs: { retention: this.province.logs.retentionDays, encryptionKey: this.data.logsKey, removalPolicy: this.logRemovalPolicy },
      releases: this.releasesOf(Stack.of(scope)),
      tracing: this.tracing,
    });
  }

  /** Logs are kept with the data in production: the services stack may be replaced, what it logged may not. */
  private get logRemovalPolicy(): RemovalPolicy {
    return this.province.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }

  /** One CodeDeploy application (and role) per stack, so a nested stack's functions need nothing from the parent. */
  private releasesOf(stack: Stack): Releases {
    let releases = this.releases.get(stack);
    if (!releases) {
      releases = new Releases(stack, 'Releases', { deploymentConfig: this.province.releases.deploymentConfig });
      this.releases.set(stack, releases);
    }
    return releases;
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

  /**
   * The PII vault's keys, only for functions the topology marks `pii`: envelope encryption
   * (GenerateDataKey to seal, Decrypt to open) and blind indexes and join-link signatures
   * (GenerateMac).
   */
  private handPiiKeys(fn: ServiceFunction): void {
    fn.addEnvironment('PII_KMS_KEY_ID', this.data.piiKey.keyArn);
    fn.addEnvironment('MAC_KMS_KEY_ID', this.data.macKey.keyArn);
    this.data.piiKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.data.macKey.grant(fn, 'kms:GenerateMac');
  }

  /**
   * The cursor key, only for routes the topology marks `pages`: GenerateMac of a fixed label,
   * once per container, from which the function derives the key that seals its cursors.
   */
  private handCursorKey(fn: ServiceFunction): void {
    fn.addEnvironment('CURSOR_KMS_KEY_ID', this.data.cursorKey.keyArn);
    this.data.cursorKey.grant(fn, 'kms:GenerateMac');
  }

  /** The join-link key: GenerateMac where links are signed, VerifyMac where they are checked, nothing else. */
  private handJoinLinkKey(fn: ServiceFunction, use: 'sign' | 'verify'): void {
    fn.addEnvironment('JOIN_LINK_KMS_KEY_ID', this.data.joinLinkKey.keyArn);
    this.data.joinLinkKey.grant(fn, use === 'sign' ? 'kms:GenerateMac' : 'kms:VerifyMac');
  }

  /**
   * The province's SMS: End User Messaging SMS from its own origination identity, and only from
   * it, where the region has the service; else the province's HTTPS SMS gateway (the China
   * regions), each request signed with GenerateMac of the gateway's key.
   */
  private handSms(fn: ServiceFunction): void {
    const { sms } = this.province;
    const gatewayKey = this.data.smsGatewayKey;
    if (sms.provider === 'https-gateway') {
      if (!gatewayKey) throw new Error(`Province ${this.province.key}: the data stack has no SMS gateway key`);
      fn.addEnvironment('SMS_GATEWAY_URL', sms.url);
      fn.addEnvironment('SMS_GATEWAY_MAC_KMS_KEY_ID', gatewayKey.keyArn);
      gatewayKey.grant(fn, 'kms:GenerateMac');
      return;
    }
    fn.addEnvironment('SMS_ORIGINATION_IDENTITY', sms.originationIdentityArn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [sms.originationIdentityArn] }));
  }
}
