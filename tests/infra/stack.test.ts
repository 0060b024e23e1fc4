import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, Names, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { provinceApp } from '../../infra/province-app.js';
import { provinceKeys, provinces } from '../../infra/provinces/index.js';
import { ProvinceConfigSchema } from '../../infra/provinces/schema.js';
import { routeKey, type ProvinceStack } from '../../infra/stack.js';
import {
  authorizer,
  consumerTimeoutSeconds,
  consumers,
  outboxRelay,
  outboxTables,
  routes,
  schedules,
  tables,
  type ConsumerName,
  type TableName,
} from '../../functions/services.js';
import type { ConsumerSpec, TableSpec } from '../../shared/topology.js';
import { queueUrlEnvVar, tableEnvVar } from '../../shared/config.js';
import { OUTBOX_PREFIX } from '../../shared/dynamo.js';
import { UNPUBLISHED_OUTBOX_INDEX, unpublishedOutboxIndex } from '../../shared/outbox.js';
import { gatewayProblem, gatewayProblems, type GatewayProblem } from '../../shared/http/problem.js';

type Resource = { Type: string; Properties: any; DeletionPolicy?: string };
interface Violation {
  ruleName: string;
  reason?: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: Violation[]; suppressedViolations?: Violation[] }[];
}

// An empty `aws:cdk:bundling-stacks` makes every NodejsFunction a placeholder asset, so no
// esbuild runs here; `npx cdk synth -c province=<key>` bundles for real.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const tableEntries = Object.entries(tables) as [TableName, TableSpec][];
const consumerEntries = Object.entries(consumers) as [ConsumerName, ConsumerSpec][];

/**
 * Every element of the province's stacks (the province's and its services' nested stacks), by
 * the unique id CDK names cross-stack references after, with its logical id.
 */
function elementsByUniqueId(stack: ProvinceStack): Map<string, string> {
  const found = new Map<string, string>();
  for (const child of stack.node.findAll()) {
    if (!CfnElement.isCfnElement(child)) continue;
    found.set(Names.uniqueId(child), Stack.of(child).getLogicalId(child));
  }
  return found;
}

/**
 * One view of the province: the nested stacks' resources beside the province stack's, with the
 * parameters and outputs CDK passes between them turned back into the plain `Ref` and
 * `Fn::GetAtt` they stand for, so assertions read the same wherever a function lives.
 */
function flatten(stack: ProvinceStack, template: Template): Record<string, Resource> {
  const logicalIds = elementsByUniqueId(stack);
  const reference = (uid: string, attribute: string) => {
    const logicalId = logicalIds.get(uid);
    if (!logicalId) return undefined;
    return attribute === 'Ref' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, attribute] };
  };
  const uidAndAttribute = /^([A-Za-z0-9]*[0-9A-F]{8})(StreamArn|QueueName|QueueUrl|TopicName|Arn|Ref)$/;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const ref = object.Ref;
    if (typeof ref === 'string' && ref.startsWith('referenceto')) {
      const [, uid, attribute] = ref.slice('referenceto'.length).match(uidAndAttribute) ?? [];
      const resolved = uid && attribute ? reference(uid, attribute) : undefined;
      if (resolved) return resolved;
    }
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
      const [, uid, attribute] = getAtt[1].slice('Outputs.'.length).match(uidAndAttribute) ?? [];
      const resolved = uid && attribute ? reference(uid, attribute) : undefined;
      if (resolved) return resolved;
    }
    return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, rewrite(value)]));
  };
  const all: Record<string, Resource> = { ...template.toJSON().Resources };
  for (const nested of stack.services.values()) Object.assign(all, Template.fromStack(nested).toJSON().Resources);
  return rewrite(all) as Record<string, Resource>;
}

function synth(key: string) {
  const { app, stack } = provinceApp(key, { context: NO_BUNDLING });
  const assembly = app.synth();
  const report: ValidationReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
  const resources = flatten(stack, Template.fromStack(stack));
  // Assertions look at the whole province: its stack and its services' nested stacks.
  const template = Template.fromJSON({ Resources: resources });
  const id = (construct: IConstruct | undefined) => {
    if (!construct) throw new Error('The stack built no construct for a name the topology declares');
    return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
  };
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  /** Every statement of the policies attached to a function's role. */
  // A role's statements past an inline policy's size limit go to managed policies CDK adds for the overflow.
  const statementsOf = (fn: { role?: IConstruct } | undefined) =>
    [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]
      .filter(([, policy]) => (policy.Properties.Roles ?? []).some((role: any) => role.Ref === id(fn?.role)))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  /** Actions a function may take on the resources a CloudFormation reference names. */
  const actionsOn = (fn: { role?: IConstruct } | undefined, logicalId: string) =>
    statementsOf(fn)
      .filter((statement) => JSON.stringify(statement.Resource).includes(`"${logicalId}"`))
      .flatMap((statement) => [statement.Action].flat());
  const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
  return { stack, template, resources, assembly, nag, id, ofType, statementsOf, actionsOn };
}

/** Full resource paths of the API, by logical id, rebuilt from PathPart/ParentId as deployed. */
function resourcePaths(resources: Record<string, Resource>): Map<string, string> {
  const paths = new Map<string, string>();
  const pathOf = (logicalId: string): string => {
    const known = paths.get(logicalId);
    if (known) return known;
    const { PathPart, ParentId } = resources[logicalId]!.Properties;
    const parent = ParentId.Ref ? pathOf(ParentId.Ref) : '';
    paths.set(logicalId, `${parent}/${PathPart}`);
    return paths.get(logicalId)!;
  };
  for (const [logicalId, resource] of Object.entries(resources)) if (resource.Type === 'AWS::ApiGateway::Resource') pathOf(logicalId);
  return paths;
}

describe('ProvinceStack', () => {
  let fujian: ReturnType<typeof synth>;
  let shaanxi: ReturnType<typeof synth>;
  const functionCount = routes.length + consumerEntries.length + Object.keys(schedules).length + 2; // + relay and authorizer

  beforeAll(() => {
    fujian = synth('fujian');
    shaanxi = synth('shaanxi');
  }, 120_000);

  describe('provinces', () => {
    it('synthesizes every province, skipping esbuild in tests', () => {
      expect(provinceKeys).toEqual(['fujian', 'shaanxi']);
      for (const { assembly, stack } of [fujian, shaanxi]) {
        expect(assembly.getStackByName(stack.stackName).template).toBeDefined();
        const bundles = readdirSync(assembly.directory).filter((entry) => entry.startsWith('asset.'))
          .flatMap((asset) => readdirSync(join(assembly.directory, asset)))
          .filter((file) => file.endsWith('.mjs'));
        expect(bundles).toEqual([]);
      }
    });

    it('gives each province its own stack name, region, code and issuer', () => {
      expect(fujian.stack.stackName).toBe('UnionServices-fujian');
      expect(shaanxi.stack.stackName).toBe('UnionServices-shaanxi');
      expect(fujian.stack.region).toBe('cn-north-1');
      expect(shaanxi.stack.region).toBe('cn-northwest-1');
      for (const [synthesized, config] of [[fujian, provinces.fujian], [shaanxi, provinces.shaanxi]] as const) {
        const functions = synthesized.ofType('AWS::Lambda::Function');
        expect(functions).toHaveLength(functionCount);
        for (const [, fn] of functions) expect(fn.Properties.Environment.Variables.PROVINCE_CODE).toBe(config.code);
        const env = synthesized.resources[synthesized.id(synthesized.stack.authorizerFunction)]!.Properties.Environment.Variables;
        expect(env).toMatchObject({ JWT_ISSUER: config.jwt.issuer, JWT_AUDIENCE: config.jwt.audience });
        expect(env.JWT_JWKS_URL).toBe('jwksUrl' in config.jwt ? config.jwt.jwksUrl : undefined);
        synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', { Tags: Match.arrayWith([{ Key: 'province', Value: config.code }]) });
      }
    });

    it('refuses a missing or unknown province, listing the known ones', () => {
      expect(() => provinceApp(undefined, { context: NO_BUNDLING })).toThrow(/No province given.*fujian, shaanxi/);
      expect(() => provinceApp('atlantis', { context: NO_BUNDLING })).toThrow(/Unknown province "atlantis".*fujian, shaanxi/);
      expect(() => provinceApp(undefined, { context: { ...NO_BUNDLING, province: 'fujian' } })).not.toThrow();
    });

    it('accepts only real province codes, AWS regions and https issuers', () => {
      const valid = provinces.fujian;
      expect(ProvinceConfigSchema.safeParse(valid).success).toBe(true);
      expect(ProvinceConfigSchema.safeParse({ ...valid, code: '99' }).success).toBe(false);
      expect(ProvinceConfigSchema.safeParse({ ...valid, awsRegion: 'cn-north1' }).success).toBe(false);
      expect(ProvinceConfigSchema.safeParse({ ...valid, jwt: { ...valid.jwt, issuer: 'http://id.example.cn' } }).success).toBe(false);
      expect(ProvinceConfigSchema.safeParse({ ...valid, retainData: undefined }).success).toBe(false);
    });
  });

  describe('cdk-nag', () => {
    it('finds nothing unacknowledged in any province', () => {
      for (const { nag, stack } of [fujian, shaanxi]) {
        expect(nag?.conclusion).toBe('success');
        expect(nag?.violations).toEqual([]);
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      }
    });

    it('acknowledges only known kinds of finding, each with a reason, and APIG4 only on public routes', () => {
      const acknowledged = fujian.nag?.suppressedViolations ?? [];
      const kinds = new Set(acknowledged.map((violation) => violation.ruleName.replace(/^AwsSolutions-/, '').replace(/\[.*$/, '')));
      expect([...kinds].sort()).toEqual(['APIG2', 'APIG3', 'APIG4', 'COG4', 'IAM4', 'IAM5', 'L1', 'SQS3']);
      for (const violation of acknowledged) expect(violation.reason?.length).toBeGreaterThan(60);

      const methodPath = (route: (typeof routes)[number]) =>
        `${fujian.stack.api.root.resourceForPath(route.path).node.findChild(route.method).node.path}/Resource`;
      const pathsOf = (rule: string) => acknowledged.filter((v) => v.ruleName === rule).flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
      expect(pathsOf('AwsSolutions-APIG4')).toEqual(routes.filter((route) => route.allow === 'public').map(methodPath));
      expect(pathsOf('AwsSolutions-COG4').sort()).toEqual(routes.map(methodPath).sort());
      // Wildcard resources only where an AWS action has no resource ARN (X-Ray, ListStreams): one
      // role per function, whether its statements fit its inline policy or overflowed into more.
      const roles = new Set(pathsOf('AwsSolutions-IAM5[Resource::*]').map((path) => path.replace(/\/(DefaultPolicy|OverflowPolicy\d+)\/Resource$/, '')));
      expect(roles.size).toBe(functionCount);
    });

    it('fails synthesis on a finding nobody acknowledged', () => {
      const { app, stack } = provinceApp('fujian', { context: NO_BUNDLING });
      new Queue(stack, 'QueueWithoutDlqOrTls');
      expect(() => app.synth()).toThrow();
    }, 60_000);
  });

  describe('data', () => {
    it('creates every topology table on demand, backed up, KMS-encrypted, with its keys, indexes, TTL and stream', () => {
      const { resources, stack, id } = fujian;
      expect(fujian.ofType('AWS::DynamoDB::Table')).toHaveLength(tableEntries.length);
      for (const [name, spec] of tableEntries) {
        const table = resources[id(stack.tables[name])]!;
        const keySchema = (key: { partitionKey: string; sortKey?: string }) => [
          { AttributeName: key.partitionKey, KeyType: 'HASH' },
          ...(key.sortKey ? [{ AttributeName: key.sortKey, KeyType: 'RANGE' }] : []),
        ];
        const indexes = Object.entries(spec.indexes ?? {});
        expect(table.DeletionPolicy).toBe('Retain');
        expect(table.Properties).toMatchObject({
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keySchema(spec),
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [id(stack.dataKey), 'Arn'] } },
        });
        expect(table.Properties.TimeToLiveSpecification).toEqual(spec.ttl ? { AttributeName: spec.ttl, Enabled: true } : undefined);
        for (const attribute of table.Properties.AttributeDefinitions) expect(attribute.AttributeType).toBe('S');
        expect(table.Properties.GlobalSecondaryIndexes ?? []).toEqual(
          indexes.map(([indexName, index]) => ({ IndexName: indexName, KeySchema: keySchema(index), Projection: { ProjectionType: 'ALL' } })),
        );
        expect(table.Properties.StreamSpecification).toEqual(spec.outbox ? { StreamViewType: 'NEW_IMAGE' } : undefined);
      }
    });

    it('indexes the unpublished items of every outbox table, and only those tables, for the sweep', () => {
      const { resources, stack, id } = fujian;
      expect(outboxTables.length).toBeGreaterThan(0);
      for (const [name, spec] of tableEntries) {
        const indexes: { IndexName: string; KeySchema: unknown }[] = resources[id(stack.tables[name])]!.Properties.GlobalSecondaryIndexes ?? [];
        const sweepIndex = indexes.find((index) => index.IndexName === UNPUBLISHED_OUTBOX_INDEX);
        if (spec.outbox) {
          expect(sweepIndex, name).toEqual({
            IndexName: UNPUBLISHED_OUTBOX_INDEX,
            KeySchema: [
              { AttributeName: unpublishedOutboxIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: unpublishedOutboxIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          });
          // Published items expire by the TTL the relay and sweep set.
          expect(resources[id(stack.tables[name])]!.Properties.TimeToLiveSpecification, name).toEqual({ AttributeName: 'expiresAt', Enabled: true });
        } else {
          expect(sweepIndex, name).toBeUndefined();
        }
      }
    });

    it('rotates the data and PII keys and keeps the MAC key for blind indexes', () => {
      const { resources, stack, id } = fujian;
      for (const key of [stack.dataKey, stack.piiKey]) expect(resources[id(key)]!.Properties.EnableKeyRotation).toBe(true);
      expect(resources[id(stack.macKey)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    });

    it('keeps a cursor key of its own, apart from the PII keys', () => {
      const { resources, stack, id } = fujian;
      expect(resources[id(stack.cursorKey)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(new Set([stack.cursorKey, stack.macKey, stack.piiKey, stack.dataKey].map(id)).size).toBe(4);
    });
  });

  describe('events', () => {
    it('gives every consumer a KMS-encrypted queue that redrives to its DLQ after maxReceiveCount', () => {
      const { resources, stack, id } = fujian;
      for (const [name, spec] of consumerEntries) {
        expect(resources[id(stack.queues[name])]!.Properties).toEqual({
          VisibilityTimeout: spec.visibilityTimeoutSeconds,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [id(stack.deadLetterQueues[name]), 'Arn'] }, maxReceiveCount: spec.maxReceiveCount },
          KmsMasterKeyId: { 'Fn::GetAtt': [id(stack.dataKey), 'Arn'] },
          Tags: expect.any(Array),
        });
        fujian.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id(stack.queues[name]) }],
          PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
        });
      }
    });

    it('runs every consumer on its queue in partial batches, with a sixth of the visibility timeout and its tables', () => {
      const { resources, stack, id, actionsOn } = fujian;
      for (const [name, spec] of consumerEntries) {
        const fn = stack.consumerFunctions[name];
        fujian.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: { 'Fn::GetAtt': [id(stack.queues[name]), 'Arn'] },
          FunctionName: { Ref: id(fn) },
          BatchSize: spec.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
        const { Timeout, Environment } = resources[id(fn)]!.Properties;
        expect(Timeout).toBe(consumerTimeoutSeconds(name));
        for (const table of spec.tables) {
          expect(Environment.Variables[tableEnvVar(table)]).toEqual({ Ref: id(stack.tables[table]) });
          expect(actionsOn(fn, id(stack.tables[table]))).toContain('dynamodb:PutItem');
        }
        expect(Boolean(Environment.Variables.PII_KMS_KEY_ID)).toBe(spec.pii === true);
      }
    });

    it('feeds only outbox inserts of every outbox table to the relay, with an on-failure queue', () => {
      const { stack, id } = fujian;
      const streamMappings = fujian.ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) => mapping.Properties.StartingPosition);
      expect(streamMappings).toHaveLength(outboxTables.length);
      for (const name of outboxTables) {
        const [, mapping] = streamMappings.find(([, m]) => m.Properties.EventSourceArn['Fn::GetAtt'][0] === id(stack.tables[name]))!;
        expect(mapping.Properties).toMatchObject({
          EventSourceArn: { 'Fn::GetAtt': [id(stack.tables[name]), 'StreamArn'] },
          FunctionName: { Ref: id(stack.relayFunction) },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: outboxRelay.batchSize,
          MaximumRetryAttempts: outboxRelay.maxRetries,
          BisectBatchOnFunctionError: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [id(stack.deadLetterQueues.outboxRelay), 'Arn'] } } },
        });
        expect(JSON.parse(mapping.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
          eventName: ['INSERT'],
          dynamodb: { Keys: { pk: { S: [{ prefix: OUTBOX_PREFIX }] } } },
        });
      }
    });

    it('lets the relay publish to every consumer queue, by the URL in its environment', () => {
      const { resources, stack, id, actionsOn } = fujian;
      const env = resources[id(stack.relayFunction)]!.Properties.Environment.Variables;
      for (const [name] of consumerEntries) {
        expect(env[queueUrlEnvVar(name)]).toEqual({ Ref: id(stack.queues[name]) });
        expect(actionsOn(stack.relayFunction, id(stack.queues[name]))).toContain('sqs:SendMessage');
      }
    });
  });

  describe('outbox', () => {
    it('lets the relay mark the items of every outbox table published', () => {
      const { resources, stack, id, actionsOn } = fujian;
      const env = resources[id(stack.relayFunction)]!.Properties.Environment.Variables;
      for (const name of outboxTables) {
        expect(env[tableEnvVar(name)]).toEqual({ Ref: id(stack.tables[name]) });
        expect(actionsOn(stack.relayFunction, id(stack.tables[name]))).toContain('dynamodb:UpdateItem');
      }
    });

    it('runs the sweep on a rule, reading each outbox table\'s index, marking items and publishing to every queue', () => {
      const { resources, stack, id, actionsOn, template } = fujian;
      const sweep = stack.scheduleFunctions.outboxSweep;
      expect(sweep).toBeDefined();
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${schedules.outboxSweep!.everyMinutes} minutes)`,
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id(sweep), 'Arn'] } })],
      });
      const env = resources[id(sweep)]!.Properties.Environment.Variables;
      for (const name of outboxTables) {
        expect(env[tableEnvVar(name)]).toEqual({ Ref: id(stack.tables[name]) });
        const actions = actionsOn(sweep, id(stack.tables[name]));
        expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem']));
        // The index is granted as <table>/index/*, which the Query above covers.
        expect(JSON.stringify(fujian.statementsOf(sweep))).toContain('/index/*');
      }
      for (const [name] of consumerEntries) {
        expect(env[queueUrlEnvVar(name)]).toEqual({ Ref: id(stack.queues[name]) });
        expect(actionsOn(sweep, id(stack.queues[name]))).toContain('sqs:SendMessage');
      }
    });

    it('lets no service schedule send to queues: only the platform\'s sweep publishes', () => {
      const senders = Object.entries(fujian.stack.scheduleFunctions)
        .filter(([, fn]) => Object.keys(fujian.resources[fujian.id(fn)]!.Properties.Environment.Variables).some((name) => name.startsWith('QUEUE_URL_')))
        .map(([name]) => name);
      expect(senders).toEqual(['outboxSweep']);
    });
  });

  describe('schedules', () => {
    it('runs every scheduled function on an EventBridge rule at its rate', () => {
      for (const spec of Object.values(schedules)) {
        fujian.template.hasResourceProperties('AWS::Events::Rule', {
          ScheduleExpression: `rate(${spec.everyMinutes} minutes)`,
          State: 'ENABLED',
          Targets: [Match.objectLike({ Arn: Match.anyValue() })],
        });
      }
      fujian.template.resourceCountIs('AWS::Events::Rule', Object.keys(schedules).length);
    });
  });

  describe('size', () => {
    it('keeps the province stack and each service\'s nested stack under CloudFormation\'s 500 resources', () => {
      const { stack } = fujian;
      const count = (of: Stack) => Object.keys(Template.fromStack(of).toJSON().Resources).length;
      const counts = [stack, ...stack.services.values()].map((of) => [of.node.path, count(of)] as const);
      expect(counts.length).toBeGreaterThan(1);
      for (const [path, resources] of counts) expect(resources, path).toBeLessThanOrEqual(450);
    });

    it('builds each service\'s functions in its own nested stack, and the platform\'s in the province stack', () => {
      const { stack } = fujian;
      for (const route of routes) {
        const service = route.handler.split('/')[0]!;
        expect(Stack.of(stack.routeFunctions[routeKey(route)]!).node.id, routeKey(route)).toBe(`${service.charAt(0).toUpperCase()}${service.slice(1)}Service`);
      }
      expect(Stack.of(stack.authorizerFunction)).toBe(stack);
      expect(Stack.of(stack.relayFunction)).toBe(stack);
    });
  });

  describe('API', () => {
    it('puts every route on its method, behind the authorizer unless the route is public', () => {
      const { resources, stack, id } = fujian;
      const paths = resourcePaths(resources);
      const methods = fujian.ofType('AWS::ApiGateway::Method');
      expect(methods).toHaveLength(routes.length);
      const authorizerId = id(fujian.stack.node.findChild('Authorizer'));
      for (const route of routes) {
        const found = methods.filter(([, m]) => m.Properties.HttpMethod === route.method && paths.get(m.Properties.ResourceId.Ref) === route.path);
        expect(found, routeKey(route)).toHaveLength(1);
        const { Properties } = found[0]![1];
        if (route.allow === 'public') {
          expect(Properties.AuthorizationType).toBe('NONE');
          expect(Properties.AuthorizerId).toBeUndefined();
        } else {
          expect(Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
        }
        expect(Properties.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
        expect(JSON.stringify(Properties.Integration.Uri)).toContain(`"${id(stack.routeFunctions[routeKey(route)]!)}"`);
      }
    });

    it('asks the authorizer on every request: no identity sources, no cache', () => {
      const { resources, stack, id } = fujian;
      const authorizerResource = resources[id(stack.node.findChild('Authorizer'))]!;
      expect(authorizerResource.Properties).toMatchObject({ Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 });
      expect(authorizerResource.Properties).not.toHaveProperty('IdentitySource');
      expect(JSON.stringify(authorizerResource.Properties.AuthorizerUri)).toContain(`"${id(stack.authorizerFunction)}"`);
      for (const table of authorizer.tables) {
        expect(resources[id(stack.authorizerFunction)]!.Properties.Environment.Variables[tableEnvVar(table)]).toEqual({ Ref: id(stack.tables[table]) });
        expect(fujian.actionsOn(stack.authorizerFunction, id(stack.tables[table]))).not.toContain('dynamodb:PutItem');
      }
    });

    it('gives route functions their tables (read-only for GETs), the idempotency table for POSTs, the audit log append-only, and PII, cursor, join-link and SMS rights only where marked', () => {
      const { resources, stack, id, actionsOn, statementsOf } = fujian;
      for (const route of routes) {
        const fn = stack.routeFunctions[routeKey(route)]!;
        const env = resources[id(fn)]!.Properties.Environment.Variables;
        for (const table of route.tables) {
          expect(env[tableEnvVar(table)], routeKey(route)).toEqual({ Ref: id(stack.tables[table]) });
          const actions = actionsOn(fn, id(stack.tables[table]));
          expect(actions).toContain('dynamodb:Query');
          if (route.method === 'GET') expect(actions, routeKey(route)).not.toContain('dynamodb:PutItem');
          else expect(actions, routeKey(route)).toContain('dynamodb:PutItem');
        }
        const idempotency = id(stack.tables.idempotency);
        if (route.method === 'POST') {
          expect(env[tableEnvVar('idempotency')], routeKey(route)).toEqual({ Ref: idempotency });
          expect(actionsOn(fn, idempotency)).toContain('dynamodb:PutItem');
        } else {
          expect(env[tableEnvVar('idempotency')], routeKey(route)).toBeUndefined();
          expect(actionsOn(fn, idempotency)).toEqual([]);
        }
        // The audit log: appended to by the routes marked `append` (new items only), read by the one marked `read`.
        const audit = id(stack.tables.audit);
        const auditActions = { append: ['dynamodb:PutItem'], read: expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']) };
        expect(actionsOn(fn, audit), routeKey(route)).toEqual(route.audit ? auditActions[route.audit] : []);
        if (route.audit === 'read') expect(actionsOn(fn, audit)).not.toContain('dynamodb:PutItem');
        expect(env[tableEnvVar('audit')], routeKey(route)).toEqual(route.audit ? { Ref: audit } : undefined);
        expect(Boolean(env.PII_KMS_KEY_ID && env.MAC_KMS_KEY_ID), routeKey(route)).toBe(route.pii === true);
        expect(actionsOn(fn, id(stack.macKey)), routeKey(route)).toEqual(route.pii ? ['kms:GenerateMac'] : []);
        expect(env.CURSOR_KMS_KEY_ID, routeKey(route)).toEqual(route.pages ? { 'Fn::GetAtt': [id(stack.cursorKey), 'Arn'] } : undefined);
        expect(actionsOn(fn, id(stack.cursorKey)), routeKey(route)).toEqual(route.pages ? ['kms:GenerateMac'] : []);
        // Join links: a key of their own, signing only where links are minted, verifying only where they are used.
        const joinLinkActions = { sign: ['kms:GenerateMac'], verify: ['kms:VerifyMac'] };
        expect(actionsOn(fn, id(stack.joinLinkKey)), routeKey(route)).toEqual(route.joinLinks ? joinLinkActions[route.joinLinks] : []);
        expect(Boolean(env.JOIN_LINK_KMS_KEY_ID), routeKey(route)).toBe(route.joinLinks !== undefined);
        const sms = statementsOf(fn).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('sms-voice:')));
        expect(sms, routeKey(route)).toEqual(route.sms ? [expect.objectContaining({ Action: 'sms-voice:SendTextMessage', Resource: fujian.stack.province.sms.originationIdentityArn })] : []);
        expect(env.SMS_ORIGINATION_IDENTITY, routeKey(route)).toBe(route.sms ? fujian.stack.province.sms.originationIdentityArn : undefined);
        expect(JSON.parse(env.PROVINCE_PLATFORMS), routeKey(route)).toEqual(fujian.stack.province.platforms);
      }
      expect(resources[id(stack.joinLinkKey)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    });

    it('runs every function on nodejs22.x arm64 with source maps, tracing and its service name', () => {
      const { resources, stack, id } = fujian;
      for (const [, fn] of fujian.ofType('AWS::Lambda::Function')) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
        });
      }
      for (const route of routes) {
        expect(resources[id(stack.routeFunctions[routeKey(route)]!)]!.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(route.handler.split('/')[0]);
      }
      fujian.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
    });

    it('serves a regional endpoint with access logs, tracing and throttling', () => {
      fujian.template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
      // Posters answer PNG bytes (base64 in the proxy result) only when the API knows the type as binary.
      fujian.template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['image/png'] });
      fujian.template.hasResourceProperties('AWS::ApiGateway::Stage', {
        TracingEnabled: true,
        AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
        MethodSettings: [Match.objectLike({ DataTraceEnabled: false, ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() })],
      });
    });

    it('answers the gateway\'s own errors with the problem documents of shared/http/problem.ts', () => {
      const responses = fujian.ofType('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
      const byType = (type: string) => responses.find((response) => response.ResponseType === type);
      for (const kind of Object.keys(gatewayProblems) as GatewayProblem[]) {
        const response = byType(kind);
        expect(response, kind).toMatchObject({
          StatusCode: String(gatewayProblems[kind].status),
          ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
        });
        expect(JSON.parse(response.ResponseTemplates['application/json'])).toEqual(gatewayProblem(kind));
      }
      expect(byType('MISSING_AUTHENTICATION_TOKEN').StatusCode).toBe('404');
      // The catch-alls render with API Gateway's variables; the result must still be a problem.
      const render = (template: string) =>
        JSON.parse(template.replace('$context.error.messageString', JSON.stringify('Unsupported Media Type')).replace('$context.requestId', 'req-1'));
      for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
        const response = byType(type);
        expect(response.ResponseParameters).toEqual({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" });
        expect(render(response.ResponseTemplates['application/json'])).toMatchObject({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String) });
      }
      expect(render(byType('DEFAULT_5XX').ResponseTemplates['application/json']).correlationId).toBe('req-1');
    });
  });

  describe('alarms', () => {
    it('alarms on every dead-letter queue and on 5xx answers, through the alarm topic', () => {
      const { stack, id } = fujian;
      const alarms = fujian.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
      for (const dlq of Object.values(stack.deadLetterQueues)) {
        const alarm = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions[0].Value['Fn::GetAtt'][0] === id(dlq));
        expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: id(stack.alarmTopic) }] });
      }
      expect(Object.keys(stack.deadLetterQueues)).toHaveLength(consumerEntries.length + 1);
      expect(alarms.filter((a) => a.MetricName === '5XXError')).toMatchObject([{ Threshold: 0, AlarmActions: [{ Ref: id(stack.alarmTopic) }] }]);
      // A scheduled function has no DLQ: its errors alarm instead (the outbox sweep above all).
      for (const fn of Object.values(stack.scheduleFunctions)) {
        const alarm = alarms.find((a) => a.MetricName === 'Errors' && a.Dimensions[0].Value.Ref === id(fn));
        expect(alarm).toMatchObject({ Threshold: 0, AlarmActions: [{ Ref: id(stack.alarmTopic) }] });
      }
      expect(Object.keys(stack.scheduleFunctions)).toEqual(Object.keys(schedules));
    });

    it('emails the province\'s alarm address where there is one, through a topic CloudWatch can encrypt for', () => {
      fujian.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: provinces.fujian.alarmEmail });
      shaanxi.template.resourceCountIs('AWS::SNS::Subscription', 0);
      fujian.template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
      });
    });
  });
});
