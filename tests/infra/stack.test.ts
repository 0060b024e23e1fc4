import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, AssetStaging, CfnElement, Names, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { BACKUP_RETENTION } from '../../infra/constructs/backups.js';
import { LIVE_ALIAS } from '../../infra/constructs/releases.js';
import { TOPOLOGY_TABLE_TAG } from '../../infra/names.js';
import { provinceApp, provinceStacks } from '../../infra/province-app.js';
import { provinceKeys, provinces, validProvinceConfig } from '../../infra/provinces/index.js';
import { businessMetrics } from '../../shared/metrics.js';
import { PAGES, SITE_FOLDER } from '../../web/site.js';
import { securityHeaders } from '../../web/headers.js';
import { CLOUDFRONT_HOSTED } from './variants.js';
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
  site,
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
  for (const child of [...stack.node.findAll(), ...stack.data.node.findAll()]) {
    if (!CfnElement.isCfnElement(child)) continue;
    found.set(Names.uniqueId(child), Stack.of(child).getLogicalId(child));
  }
  return found;
}

/**
 * One view of the province: the data stack's and the nested stacks' resources beside the
 * services stack's, with the parameters, outputs and exports CDK passes between them turned back
 * into the plain `Ref` and `Fn::GetAtt` they stand for, so assertions read the same wherever a
 * function or a table lives.
 */
function flatten(stack: ProvinceStack, template: Template): Record<string, Resource> {
  const logicalIds = elementsByUniqueId(stack);
  const reference = (uid: string, attribute: string) => {
    const logicalId = logicalIds.get(uid);
    if (!logicalId) return undefined;
    return attribute === 'Ref' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, attribute] };
  };
  const uidAndAttribute = /^([A-Za-z0-9]*[0-9A-F]{8})(StreamArn|QueueName|QueueUrl|TopicName|Arn|Ref)$/;
  // What the data stack exports, by export name: an import in the services stacks stands for it.
  const dataTemplate = Template.fromStack(stack.data).toJSON();
  const exported = new Map<string, unknown>(Object.values<{ Value: unknown; Export?: { Name: string } }>(dataTemplate.Outputs ?? {})
    .filter((output) => output.Export).map((output) => [output.Export!.Name, output.Value]));
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
    const imported = object['Fn::ImportValue'];
    if (typeof imported === 'string' && exported.has(imported)) return exported.get(imported);
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[1] === 'string' && getAtt[1].startsWith('Outputs.')) {
      const [, uid, attribute] = getAtt[1].slice('Outputs.'.length).match(uidAndAttribute) ?? [];
      const resolved = uid && attribute ? reference(uid, attribute) : undefined;
      if (resolved) return resolved;
    }
    return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, rewrite(value)]));
  };
  const all: Record<string, Resource> = { ...dataTemplate.Resources, ...template.toJSON().Resources };
  for (const nested of stack.services.values()) Object.assign(all, Template.fromStack(nested).toJSON().Resources);
  return rewrite(all) as Record<string, Resource>;
}

/** The province of `key`, with `change` applied to its config, as `provinceApp` builds it (cdk-nag on). */
function appOf(key: string, change?: Record<string, unknown>) {
  if (!change) return provinceApp(key, { context: NO_BUNDLING });
  const app = new App({ context: NO_BUNDLING });
  const { stack } = provinceStacks(app, validProvinceConfig(key, { ...provinces[key as keyof typeof provinces], ...change }));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

function synth(key: string, change?: Record<string, unknown>) {
  const { app, stack } = appOf(key, change);
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

/** An event source mapping's `FunctionName` names the function's `live` alias: `<function>:live`, built from the alias's ARN. */
const invokesLiveAlias = (functionName: unknown, aliasLogicalId: string) => {
  const text = JSON.stringify(functionName);
  return text.includes(`"Ref":"${aliasLogicalId}"`) && text.includes('":live"');
};

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
  const functionCount = routes.length + consumerEntries.length + Object.keys(schedules).length + 3; // + relay, authorizer and the site function

  beforeAll(() => {
    fujian = synth('fujian');
    shaanxi = synth('shaanxi');
  }, 300_000);

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
      expect([...kinds].sort()).toEqual(['APIG2', 'APIG4', 'COG4', 'IAM4', 'IAM5', 'L1', 'SQS3']);
      for (const violation of acknowledged) expect(violation.reason?.length).toBeGreaterThan(60);

      const methodPath = (route: { method: string; path: string }) =>
        `${fujian.stack.api.root.resourceForPath(route.path).node.findChild(route.method).node.path}/Resource`;
      const pathsOf = (rule: string) => acknowledged.filter((v) => v.ruleName === rule).flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
      const pages = site.paths.map((path) => ({ method: 'GET', path }));
      expect(pathsOf('AwsSolutions-APIG4')).toEqual([...routes.filter((route) => route.allow === 'public'), ...pages].map(methodPath));
      expect(pathsOf('AwsSolutions-COG4').sort()).toEqual([...routes, ...pages].map(methodPath).sort());
      // Wildcard resources only where an AWS action has no resource ARN: ListStreams, the relay's
      // (whether its statements fit its inline policy or overflowed into more); X-Ray's would be
      // every function's, but the China regions have no X-Ray for Lambda.
      const roles = new Set(pathsOf('AwsSolutions-IAM5[Resource::*]').map((path) => path.replace(/\/(DefaultPolicy|OverflowPolicy\d+)\/Resource$/, '')));
      expect([...roles]).toEqual([`${fujian.stack.relayFunction.role!.node.path}/DefaultPolicy`.replace(/\/DefaultPolicy$/, '')]);
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
        const table = resources[id(stack.data.tables[name])]!;
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
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [id(stack.data.dataKey), 'Arn'] } },
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
        const indexes: { IndexName: string; KeySchema: unknown }[] = resources[id(stack.data.tables[name])]!.Properties.GlobalSecondaryIndexes ?? [];
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
          expect(resources[id(stack.data.tables[name])]!.Properties.TimeToLiveSpecification, name).toEqual({ AttributeName: 'expiresAt', Enabled: true });
        } else {
          expect(sweepIndex, name).toBeUndefined();
        }
      }
    });

    it('rotates the data and PII keys and keeps the MAC key for blind indexes', () => {
      const { resources, stack, id } = fujian;
      for (const key of [stack.data.dataKey, stack.data.piiKey]) expect(resources[id(key)]!.Properties.EnableKeyRotation).toBe(true);
      expect(resources[id(stack.data.macKey)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    });

    it('keeps a cursor key of its own, apart from the PII keys', () => {
      const { resources, stack, id } = fujian;
      expect(resources[id(stack.data.cursorKey)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(new Set([stack.data.cursorKey, stack.data.macKey, stack.data.piiKey, stack.data.dataKey].map(id)).size).toBe(4);
    });
  });

  describe('events', () => {
    it('gives every consumer a KMS-encrypted queue that redrives to its DLQ after maxReceiveCount', () => {
      const { resources, stack, id } = fujian;
      for (const [name, spec] of consumerEntries) {
        expect(resources[id(stack.data.queues[name])]!.Properties).toEqual({
          VisibilityTimeout: spec.visibilityTimeoutSeconds,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [id(stack.data.deadLetterQueues[name]), 'Arn'] }, maxReceiveCount: spec.maxReceiveCount },
          KmsMasterKeyId: { 'Fn::GetAtt': [id(stack.data.dataKey), 'Arn'] },
          Tags: expect.any(Array),
        });
        fujian.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id(stack.data.queues[name]) }],
          PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
        });
      }
    });

    it('runs every consumer on its queue in partial batches, with a sixth of the visibility timeout and its tables', () => {
      const { resources, stack, id, actionsOn } = fujian;
      for (const [name, spec] of consumerEntries) {
        const fn = stack.consumerFunctions[name];
        const mapping = fujian.ofType('AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.EventSourceArn['Fn::GetAtt']?.[0] === id(stack.data.queues[name]));
        expect(mapping?.[1].Properties).toMatchObject({ BatchSize: spec.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] });
        expect(invokesLiveAlias(mapping?.[1].Properties.FunctionName, id(fn?.live)), name).toBe(true);
        const { Timeout, Environment } = resources[id(fn)]!.Properties;
        expect(Timeout).toBe(consumerTimeoutSeconds(name));
        for (const table of spec.tables) {
          expect(Environment.Variables[tableEnvVar(table)]).toEqual({ Ref: id(stack.data.tables[table]) });
          expect(actionsOn(fn, id(stack.data.tables[table]))).toContain('dynamodb:PutItem');
        }
        expect(Boolean(Environment.Variables.PII_KMS_KEY_ID)).toBe(spec.pii === true);
      }
    });

    it('feeds only outbox inserts of every outbox table to the relay, with an on-failure queue', () => {
      const { stack, id } = fujian;
      const streamMappings = fujian.ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) => mapping.Properties.StartingPosition);
      expect(streamMappings).toHaveLength(outboxTables.length);
      for (const name of outboxTables) {
        const [, mapping] = streamMappings.find(([, m]) => m.Properties.EventSourceArn['Fn::GetAtt'][0] === id(stack.data.tables[name]))!;
        expect(mapping.Properties).toMatchObject({
          EventSourceArn: { 'Fn::GetAtt': [id(stack.data.tables[name]), 'StreamArn'] },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: outboxRelay.batchSize,
          MaximumRetryAttempts: outboxRelay.maxRetries,
          BisectBatchOnFunctionError: true,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [id(stack.data.deadLetterQueues.outboxRelay), 'Arn'] } } },
        });
        expect(invokesLiveAlias(mapping.Properties.FunctionName, id(stack.relayFunction.live))).toBe(true);
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
        expect(env[queueUrlEnvVar(name)]).toEqual({ Ref: id(stack.data.queues[name]) });
        expect(actionsOn(stack.relayFunction, id(stack.data.queues[name]))).toContain('sqs:SendMessage');
      }
    });
  });

  describe('outbox', () => {
    it('lets the relay mark the items of every outbox table published', () => {
      const { resources, stack, id, actionsOn } = fujian;
      const env = resources[id(stack.relayFunction)]!.Properties.Environment.Variables;
      for (const name of outboxTables) {
        expect(env[tableEnvVar(name)]).toEqual({ Ref: id(stack.data.tables[name]) });
        expect(actionsOn(stack.relayFunction, id(stack.data.tables[name]))).toContain('dynamodb:UpdateItem');
      }
    });

    it('runs the sweep on a rule, reading each outbox table\'s index, marking items and publishing to every queue', () => {
      const { resources, stack, id, actionsOn, template } = fujian;
      const sweep = stack.scheduleFunctions.outboxSweep;
      expect(sweep).toBeDefined();
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${schedules.outboxSweep!.everyMinutes} minutes)`,
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { Ref: id(sweep?.live) } })],
      });
      const env = resources[id(sweep)]!.Properties.Environment.Variables;
      for (const name of outboxTables) {
        expect(env[tableEnvVar(name)]).toEqual({ Ref: id(stack.data.tables[name]) });
        const actions = actionsOn(sweep, id(stack.data.tables[name]));
        expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem']));
        // The index is granted as <table>/index/*, which the Query above covers.
        expect(JSON.stringify(fujian.statementsOf(sweep))).toContain('/index/*');
      }
      for (const [name] of consumerEntries) {
        expect(env[queueUrlEnvVar(name)]).toEqual({ Ref: id(stack.data.queues[name]) });
        expect(actionsOn(sweep, id(stack.data.queues[name]))).toContain('sqs:SendMessage');
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
      expect(methods).toHaveLength(routes.length + site.paths.length);
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
        // The live alias, never the function: CodeDeploy moves the alias from version to version.
        expect(JSON.stringify(Properties.Integration.Uri)).toContain(`"${id(stack.routeFunctions[routeKey(route)]!.live)}"`);
      }
    });

    it('asks the authorizer on every request: no identity sources, no cache', () => {
      const { resources, stack, id } = fujian;
      const authorizerResource = resources[id(stack.node.findChild('Authorizer'))]!;
      expect(authorizerResource.Properties).toMatchObject({ Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 });
      expect(authorizerResource.Properties).not.toHaveProperty('IdentitySource');
      expect(JSON.stringify(authorizerResource.Properties.AuthorizerUri)).toContain(`"${id(stack.authorizerFunction.live)}"`);
      for (const table of authorizer.tables) {
        expect(resources[id(stack.authorizerFunction)]!.Properties.Environment.Variables[tableEnvVar(table)]).toEqual({ Ref: id(stack.data.tables[table]) });
        expect(fujian.actionsOn(stack.authorizerFunction, id(stack.data.tables[table]))).not.toContain('dynamodb:PutItem');
      }
    });

    it('gives route functions their tables (read-only for GETs), the idempotency table for POSTs, the audit log append-only, and PII, cursor, join-link and SMS rights only where marked', () => {
      const { resources, stack, id, actionsOn, statementsOf } = fujian;
      for (const route of routes) {
        const fn = stack.routeFunctions[routeKey(route)]!;
        const env = resources[id(fn)]!.Properties.Environment.Variables;
        for (const table of route.tables) {
          expect(env[tableEnvVar(table)], routeKey(route)).toEqual({ Ref: id(stack.data.tables[table]) });
          const actions = actionsOn(fn, id(stack.data.tables[table]));
          expect(actions).toContain('dynamodb:Query');
          if (route.method === 'GET') expect(actions, routeKey(route)).not.toContain('dynamodb:PutItem');
          else expect(actions, routeKey(route)).toContain('dynamodb:PutItem');
        }
        const idempotency = id(stack.data.tables.idempotency);
        if (route.method === 'POST') {
          expect(env[tableEnvVar('idempotency')], routeKey(route)).toEqual({ Ref: idempotency });
          expect(actionsOn(fn, idempotency)).toContain('dynamodb:PutItem');
        } else {
          expect(env[tableEnvVar('idempotency')], routeKey(route)).toBeUndefined();
          expect(actionsOn(fn, idempotency)).toEqual([]);
        }
        // The audit log: appended to by the routes marked `append` (new items only), read by the one marked `read`.
        const audit = id(stack.data.tables.audit);
        const auditActions = { append: ['dynamodb:PutItem'], read: expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']) };
        expect(actionsOn(fn, audit), routeKey(route)).toEqual(route.audit ? auditActions[route.audit] : []);
        if (route.audit === 'read') expect(actionsOn(fn, audit)).not.toContain('dynamodb:PutItem');
        expect(env[tableEnvVar('audit')], routeKey(route)).toEqual(route.audit ? { Ref: audit } : undefined);
        expect(Boolean(env.PII_KMS_KEY_ID && env.MAC_KMS_KEY_ID), routeKey(route)).toBe(route.pii === true);
        expect(actionsOn(fn, id(stack.data.macKey)), routeKey(route)).toEqual(route.pii ? ['kms:GenerateMac'] : []);
        expect(env.CURSOR_KMS_KEY_ID, routeKey(route)).toEqual(route.pages ? { 'Fn::GetAtt': [id(stack.data.cursorKey), 'Arn'] } : undefined);
        expect(actionsOn(fn, id(stack.data.cursorKey)), routeKey(route)).toEqual(route.pages ? ['kms:GenerateMac'] : []);
        // Join links: a key of their own, signing only where links are minted, verifying only where they are used.
        const joinLinkActions = { sign: ['kms:GenerateMac'], verify: ['kms:VerifyMac'] };
        expect(actionsOn(fn, id(stack.data.joinLinkKey)), routeKey(route)).toEqual(route.joinLinks ? joinLinkActions[route.joinLinks] : []);
        expect(Boolean(env.JOIN_LINK_KMS_KEY_ID), routeKey(route)).toBe(route.joinLinks !== undefined);
        // The China regions have no End User Messaging SMS: the province's gateway, and no sms-voice rights.
        const sms = statementsOf(fn).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('sms-voice:')));
        expect(sms, routeKey(route)).toEqual([]);
        expect(env.SMS_ORIGINATION_IDENTITY, routeKey(route)).toBeUndefined();
        expect(env.SMS_GATEWAY_URL, routeKey(route)).toBe(route.sms ? provinces.fujian.sms.url : undefined);
        // Requests to the gateway are signed with a key of their own: GenerateMac only, only where SMS are sent.
        expect(env.SMS_GATEWAY_MAC_KMS_KEY_ID, routeKey(route)).toEqual(route.sms ? { 'Fn::GetAtt': [id(stack.data.smsGatewayKey!), 'Arn'] } : undefined);
        expect(actionsOn(fn, id(stack.data.smsGatewayKey!)), routeKey(route)).toEqual(route.sms ? ['kms:GenerateMac'] : []);
        expect(JSON.parse(env.PROVINCE_PLATFORMS), routeKey(route)).toEqual(fujian.stack.province.platforms);
      }
      expect(resources[id(stack.data.joinLinkKey)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(resources[id(stack.data.smsGatewayKey!)]!.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(new Set([stack.data.smsGatewayKey!, stack.data.joinLinkKey, stack.data.macKey, stack.data.cursorKey].map(id)).size).toBe(4);
    });

    it('runs every function on nodejs22.x arm64 with source maps and its service name, untraced in the China regions, which lack X-Ray for Lambda', () => {
      const { resources, stack, id } = fujian;
      for (const [, fn] of fujian.ofType('AWS::Lambda::Function')) {
        expect(fn.Properties.TracingConfig).toBeUndefined();
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
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

    it("holds one usage plan per tier of the province's config, bound to the stage and throttled per day", () => {
      for (const province of [fujian, shaanxi]) {
        const plans = province.ofType('AWS::ApiGateway::UsagePlan').map(([, plan]) => plan.Properties);
        const tiers = Object.entries(province.stack.province.apiUsageTiers);
        expect(plans).toHaveLength(tiers.length);
        for (const [tier, limits] of tiers) {
          expect(plans.find((plan) => plan.UsagePlanName.endsWith(`-${tier}`)), tier).toMatchObject({
            Throttle: { RateLimit: limits.ratePerSecond, BurstLimit: limits.burst },
            Quota: { Limit: limits.dailyQuota, Period: 'DAY' },
            ApiStages: [{ ApiId: { Ref: province.id(province.stack.api) }, Stage: { Ref: province.id(province.stack.api.deploymentStage) } }],
          });
        }
      }
      // The stage's own throttling stays the outer bound.
      fujian.template.hasResourceProperties('AWS::ApiGateway::Stage', { MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 })] });
    });

    it('takes API keys from the authorizer and requires one exactly on the routes only accounts call', () => {
      const { resources } = fujian;
      fujian.template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
      const paths = resourcePaths(resources);
      const methods = fujian.ofType('AWS::ApiGateway::Method').map(([, m]) => m.Properties);
      const metered = routes.filter((route) => route.allow !== 'public' && route.allow.every((role) => ['partner', 'donor', 'employer'].includes(role)));
      expect(metered.map(routeKey)).toContain('POST /v1/rosters');
      for (const route of routes) {
        const method = methods.find((m) => m.HttpMethod === route.method && paths.get(m.ResourceId.Ref) === route.path);
        expect(Boolean(method.ApiKeyRequired), routeKey(route)).toBe(metered.includes(route));
      }
    });

    it('lets only the key-issuing functions register usage keys, on the plans and API keys of their own region and partition', () => {
      const { resources, stack, id, statementsOf } = fujian;
      const plans = fujian.ofType('AWS::ApiGateway::UsagePlan').map(([logicalId]) => logicalId);
      for (const route of routes) {
        const fn = stack.routeFunctions[routeKey(route)]!;
        const apigateway = statementsOf(fn).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('apigateway:')));
        const env = resources[id(fn)]!.Properties.Environment.Variables;
        if (!route.usageKeys) {
          expect(apigateway, routeKey(route)).toEqual([]);
          expect(env.USAGE_PLAN_NAMES, routeKey(route)).toBeUndefined();
          continue;
        }
        const text = JSON.stringify(apigateway);
        expect([...new Set(apigateway.flatMap((statement) => [statement.Action].flat()))].sort()).toEqual(['apigateway:GET', 'apigateway:POST']);
        expect(text).not.toContain('*');
        expect(text).toContain('AWS::Partition');
        expect(text).toContain('::/apikeys');
        expect(text).toContain('::/usageplans');
        for (const plan of plans) expect(text, plan).toContain(`{"Ref":"${plan}"},"/keys"`);
        expect(JSON.parse(env.USAGE_PLAN_NAMES)).toEqual({ standard: 'union-services-fujian-standard', bulk: 'union-services-fujian-bulk' });
      }
      expect(routes.filter((route) => route.usageKeys).map(routeKey)).toEqual(['POST /v1/accounts', 'POST /v1/accounts/{accountId}/keys']);
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
      for (const dlq of Object.values(stack.data.deadLetterQueues)) {
        const alarm = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions[0].Value['Fn::GetAtt'][0] === id(dlq));
        expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: id(stack.alarmTopic) }] });
      }
      expect(Object.keys(stack.data.deadLetterQueues)).toHaveLength(consumerEntries.length + 1);
      expect(alarms.filter((a) => a.MetricName === '5XXError')).toMatchObject([{ Threshold: 0, AlarmActions: [{ Ref: id(stack.alarmTopic) }] }]);
      // A scheduled function has no DLQ: its errors alarm instead (the outbox sweep above all).
      for (const fn of Object.values(stack.scheduleFunctions)) {
        const alarm = alarms.find((a) => a.MetricName === 'Errors' && a.AlarmActions && a.Dimensions[0].Value.Ref === id(fn));
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

  /** The province's two templates with `change` applied to its config, synthesized without cdk-nag (which the tests above cover). */
  const variant = (key: 'fujian' | 'shaanxi', change: Record<string, unknown>) => {
    const { data, stack } = provinceStacks(new App({ context: NO_BUNDLING }), validProvinceConfig(key, { ...provinces[key], ...change }));
    return { data: Template.fromStack(data), services: Template.fromStack(stack), stack };
  };
  /** The properties that give a resource its name in the account and region (an alias's `Name` is the function's own). */
  const PHYSICAL_NAMES: Record<string, string | undefined> = {
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::ApiGateway::RestApi': 'Name',
    'AWS::WAFv2::WebACL': 'Name',
    'AWS::CloudWatch::Dashboard': 'DashboardName',
    'AWS::CloudWatch::Alarm': 'AlarmName',
    'AWS::Backup::BackupVault': 'BackupVaultName',
    'AWS::CodeDeploy::Application': 'ApplicationName',
    'AWS::Lambda::Function': 'FunctionName',
    'AWS::Logs::LogGroup': 'LogGroupName',
    'AWS::IAM::Role': 'RoleName',
    'AWS::SNS::Topic': 'TopicName',
  };
  const STATEFUL_TYPES = ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::Backup::BackupVault'];

  describe('stateful and stateless stacks', () => {
    it('keeps tables, keys, queues and backups in UnionData-<key>, under logical ids that never change', () => {
      const template = Template.fromStack(fujian.stack.data).toJSON();
      expect(fujian.stack.data.stackName).toBe('UnionData-fujian');
      // A changed id here is a replaced table, key or queue: never accept a new snapshot without a migration plan (DEPLOY.md).
      const stateful = Object.entries<Resource>(template.Resources).filter(([, r]) => STATEFUL_TYPES.includes(r.Type)).map(([logicalId, r]) => `${r.Type} ${logicalId}`);
      expect(stateful).toMatchSnapshot();
      const services = Template.fromStack(fujian.stack).toJSON();
      for (const nested of [fujian.stack, ...fujian.stack.services.values()]) {
        const resources = Object.values<Resource>(Template.fromStack(nested).toJSON().Resources);
        expect(resources.filter((r) => STATEFUL_TYPES.includes(r.Type) && r.Type !== 'AWS::KMS::Key'), nested.node.path).toEqual([]);
      }
      // The services stack's one key is its alarm topic's, which holds nothing.
      expect(Object.values<Resource>(services.Resources).filter((r) => r.Type === 'AWS::KMS::Key')).toHaveLength(1);
    });

    it('retains every table, key, queue and the vault in production, on deletion and on replacement', () => {
      for (const { stack } of [fujian, shaanxi]) {
        expect(stack.province.retainData).toBe(true);
        const resources = Object.entries<Resource & { UpdateReplacePolicy?: string }>(Template.fromStack(stack.data).toJSON().Resources).filter(([, r]) => STATEFUL_TYPES.includes(r.Type));
        expect(resources.length).toBeGreaterThan(tableEntries.length + consumerEntries.length);
        for (const [logicalId, r] of resources) expect([r.DeletionPolicy, r.UpdateReplacePolicy], logicalId).toEqual(['Retain', 'Retain']);
      }
      expect(fujian.assembly.getStackByName('UnionData-fujian').terminationProtection).toBe(true);
    });

    it('leaves the data stack untouched by what changes in the services stack, and never the other way round', () => {
      const changed = variant('fujian', { waf: false, releases: { deploymentConfig: 'ALL_AT_ONCE' }, authorizerCacheSeconds: 0, alarmEmail: undefined, platforms: ['美团'] });
      expect(changed.data.toJSON()).toEqual(Template.fromStack(fujian.stack.data).toJSON());
      // The data stack references nothing of the services stack, so deploying it needs nothing from there.
      expect(JSON.stringify(changed.data.toJSON())).not.toContain('Fn::ImportValue');
      expect(changed.stack.dependencies.map((s) => s.stackName)).toEqual(['UnionData-fujian']);
    });
  });

  describe('releases', () => {
    it('puts every function behind a live alias with a CodeDeploy canary that rolls back on its errors and p95 latency', () => {
      for (const { ofType, resources, stack } of [fujian, shaanxi]) {
        const functions = ofType('AWS::Lambda::Function');
        const aliases = ofType('AWS::Lambda::Alias');
        expect(aliases).toHaveLength(functions.length);
        for (const [, alias] of aliases) {
          expect(alias.Properties.Name).toBe(LIVE_ALIAS);
          expect(functions.map(([logicalId]) => logicalId)).toContain(alias.Properties.FunctionName.Ref);
        }
        const groups = ofType('AWS::CodeDeploy::DeploymentGroup');
        expect(groups).toHaveLength(functions.length);
        for (const [, group] of groups) {
          expect(group.Properties).toMatchObject({
            DeploymentConfigName: LambdaDeploymentConfig[stack.province.releases.deploymentConfig].deploymentConfigName,
            AutoRollbackConfiguration: { Enabled: true, Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']) },
            AlarmConfiguration: { Enabled: true },
          });
          const alarms = group.Properties.AlarmConfiguration.Alarms.map((a: { Name: { Ref: string } }) => resources[a.Name.Ref]!.Properties);
          expect(alarms.map((a: { MetricName: string }) => a.MetricName).sort()).toEqual(['Duration', 'Errors']);
          expect(alarms.find((a: { MetricName: string }) => a.MetricName === 'Duration').ExtendedStatistic).toBe('p95');
        }
        // Every alias is moved by CodeDeploy, never by CloudFormation replacing it.
        for (const [logicalId] of aliases) expect((resources[logicalId] as any).UpdatePolicy?.CodeDeployLambdaAliasUpdate, logicalId).toBeDefined();
      }
    });

    it('triggers the alias from schedules, the authorizer and the API, never the bare function', () => {
      const { ofType, id, stack } = fujian;
      for (const [, rule] of ofType('AWS::Events::Rule')) expect(JSON.stringify(rule.Properties.Targets)).toMatch(/Live[0-9A-F]{8}/);
      for (const [, permission] of ofType('AWS::Lambda::Permission')) expect(JSON.stringify(permission.Properties.FunctionName)).toMatch(/Live[0-9A-F]{8}/);
      expect(id(stack.authorizerFunction.live)).toMatch(/^AuthorizerFunctionLive/);
    });
  });

  describe('web hosting', () => {
    let hosted: ReturnType<typeof synth>;
    beforeAll(() => {
      hosted = synth(CLOUDFRONT_HOSTED.key, CLOUDFRONT_HOSTED.change);
    }, 120_000);

    const distributionConfig = () => {
      const [[, distribution]] = hosted.ofType('AWS::CloudFront::Distribution') as [[string, Resource]];
      return distribution.Properties.DistributionConfig;
    };
    const behavior = (pathPattern?: string) => {
      const config = distributionConfig();
      return pathPattern ? config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pathPattern) : config.DefaultCacheBehavior;
    };
    const originOf = (b: { TargetOriginId: string }) => distributionConfig().Origins.find((o: { Id: string }) => o.Id === b.TargetOriginId);

    it('finds nothing unacknowledged by cdk-nag, and acknowledges the CDN\'s findings with reasons', () => {
      expect(hosted.nag?.conclusion).toBe('success');
      expect(hosted.nag?.violations).toEqual([]);
      const acknowledged = hosted.nag?.suppressedViolations ?? [];
      for (const violation of acknowledged) expect(violation.reason?.length, violation.ruleName).toBeGreaterThan(60);
      // A WAF and a geo restriction the config did not ask for, and the default certificate.
      const cdn = acknowledged.filter((v) => v.violatingConstructs.some((c) => c.constructPath.includes('/Web/Distribution/'))).map((v) => v.ruleName).sort();
      expect(cdn).toEqual(['AwsSolutions-CFR1', 'AwsSolutions-CFR4']);
    });

    it('keeps the pages in a private, encrypted, versioned, logged bucket that only this distribution reads, through origin access control', () => {
      const { resources, stack, id } = hosted;
      const bucketId = id(stack.web?.bucket);
      expect(resources[bucketId]!.Properties).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      // Kept when the stack goes, as CloudFormation could not delete it with its versions anyway.
      expect(resources[bucketId]!.DeletionPolicy).toBe('Retain');
      const [[, policy]] = hosted.ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === bucketId) as [[string, Resource]];
      const statements = policy.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: string; Condition: unknown }[];
      expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
        expect.objectContaining({
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: id(stack.web?.distribution) }]] } } },
        }),
      ]);
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));

      const [[controlId, control]] = hosted.ofType('AWS::CloudFront::OriginAccessControl') as [[string, Resource]];
      expect(control.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
      for (const pathPattern of [undefined, '/docs']) {
        expect(originOf(behavior(pathPattern))).toMatchObject({
          DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [controlId, 'Id'] },
        });
      }
    });

    it('answers every page with exactly the headers of web/headers.ts, the API reference with its own', () => {
      const headersOf = (policyRef: { Ref: string }) => {
        const { SecurityHeadersConfig: security, CustomHeadersConfig: custom } = hosted.resources[policyRef.Ref]!.Properties.ResponseHeadersPolicyConfig;
        const hsts = security.StrictTransportSecurity;
        const all: Record<string, string> = {
          'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
          'strict-transport-security': [`max-age=${hsts.AccessControlMaxAgeSec}`, hsts.IncludeSubdomains && 'includeSubDomains', hsts.Preload && 'preload'].filter(Boolean).join('; '),
          ...(security.ContentTypeOptions ? { 'x-content-type-options': 'nosniff' } : {}),
          'x-frame-options': security.FrameOptions.FrameOption,
          'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
          ...Object.fromEntries((custom?.Items ?? []).map((item: { Header: string; Value: string }) => [item.Header, item.Value])),
        };
        for (const overridden of [...Object.values<{ Override?: boolean }>(security), ...(custom?.Items ?? [])]) expect(overridden.Override).toBe(true);
        return all;
      };
      // The pages call the province's identity provider: its origin is in connect-src.
      const issuer = provinces[CLOUDFRONT_HOSTED.key].jwt.issuer;
      expect(headersOf(behavior().ResponseHeadersPolicyId)).toEqual(securityHeaders('other', issuer));
      expect(headersOf(behavior('/docs').ResponseHeadersPolicyId)).toEqual(securityHeaders('docs', issuer));
      expect(securityHeaders('other', issuer)['content-security-policy']).toContain(`connect-src 'self' ${new URL(issuer).origin}`);
      expect(securityHeaders('other')['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('serves each page at its path from the build, the root as index.html', () => {
      const config = distributionConfig();
      expect(config.DefaultRootObject).toBe('index.html');
      const [[functionId, fn]] = hosted.ofType('AWS::CloudFront::Function') as [[string, Resource]];
      for (const pathPattern of [undefined, '/docs']) {
        expect(behavior(pathPattern).FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }]);
      }
      // Run the function as CloudFront would, on a viewer request for each path.
      const handler = new Function(`${fn.Properties.FunctionCode}\nreturn handler;`)() as (event: { request: { uri: string } }) => { uri: string };
      const uriFor = (uri: string) => handler({ request: { uri } }).uri;
      for (const [path, file] of Object.entries(PAGES)) expect(uriFor(path), path).toBe(`/${file}`);
      expect(['/join', '/me', '/console', '/docs'].map(uriFor)).toEqual(['/join.html', '/me.html', '/console.html', '/docs.html']);
      expect(uriFor('/assets/join.js')).toBe('/assets/join.js');
      expect(uriFor('/v1/health')).toBe('/v1/health');
    });

    it('sends /v1/* to the API\'s stage uncached, with every method and every viewer header but Host', () => {
      const api = behavior('/v1/*');
      expect(api).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'https-only',
      });
      expect(api.FunctionAssociations).toBeUndefined();
      const origin = originOf(api);
      const apiId = hosted.id(hosted.stack.api);
      expect(JSON.stringify(origin.DomainName)).toContain(`{"Ref":"${apiId}"}`);
      expect(JSON.stringify(origin.OriginPath)).toContain(`{"Ref":"${hosted.id(hosted.stack.api.deploymentStage)}"}`);
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    });

    it('deploys the build to the bucket and drops the CDN\'s copies, logs the distribution, takes the config\'s web ACL and names the site', () => {
      const { resources, stack, id } = hosted;
      const [[, deployment]] = hosted.ofType('Custom::CDKBucketDeployment') as [[string, Resource]];
      expect(deployment.Properties).toMatchObject({
        DestinationBucketName: { Ref: id(stack.web?.bucket) },
        DistributionId: { Ref: id(stack.web?.distribution) },
        DistributionPaths: ['/*'],
        Prune: true,
        SystemMetadata: { 'cache-control': 'public, max-age=0, s-maxage=31536000' },
      });
      const config = distributionConfig();
      expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [expect.any(String), 'RegionalDomainName'] }, Prefix: 'distribution/' });
      expect(resources[config.Logging.Bucket['Fn::GetAtt'][0]]!.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(provinces.fujian.logs.retentionDays);
      expect(config.WebACLId).toBe(CLOUDFRONT_HOSTED.change.web.webAclArn);
      const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;
      const siteUrl = Object.entries(outputs).find(([name]) => name.startsWith('WebSiteUrl'))?.[1].Value;
      expect(siteUrl).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id(stack.web?.distribution), 'DomainName'] }]] });
    });

    it('serves under the province\'s own domain with its certificate and TLS 1.2 at least, when the config names one', () => {
      const domain = { name: 'union.example.org', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/4f1c2d3e-0000-4000-8000-000000000001' };
      const { services } = variant(CLOUDFRONT_HOSTED.key, { ...CLOUDFRONT_HOSTED.change, web: { ...CLOUDFRONT_HOSTED.change.web, domain } });
      services.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: [domain.name],
          ViewerCertificate: { AcmCertificateArn: domain.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        }),
      });
      expect(Object.values(services.toJSON().Outputs as Record<string, { Value: unknown }>).map((o) => o.Value)).toContain(`https://${domain.name}`);
    });

    it('builds no bucket or distribution where the API serves the pages (the China regions)', () => {
      for (const { stack, ofType } of [fujian, shaanxi]) {
        expect(stack.province.web).toEqual({ hosting: 'api' });
        expect(stack.web).toBeUndefined();
        expect(ofType('AWS::CloudFront::Distribution')).toEqual([]);
        expect(ofType('AWS::S3::Bucket')).toEqual([]);
      }
    });

    it('serves each page and /assets/{file} from the API in the China provinces: GET only, public, no API key, through the site function\'s live alias', () => {
      for (const { resources, stack, id, ofType, statementsOf } of [fujian, shaanxi]) {
        const paths = resourcePaths(resources);
        // The root's methods hang on the API's root resource, which has no path part of its own.
        const pathOf = (method: Resource) => (method.Properties.ResourceId.Ref ? paths.get(method.Properties.ResourceId.Ref) : '/');
        const fn = stack.siteFunction;
        for (const path of site.paths) {
          const found = ofType('AWS::ApiGateway::Method').filter(([, method]) => pathOf(method) === path).map(([, method]) => method.Properties);
          expect(found.map((method) => method.HttpMethod), path).toEqual(['GET']);
          expect(found[0]).toMatchObject({ AuthorizationType: 'NONE', Integration: { Type: 'AWS_PROXY' } });
          expect(found[0]!.AuthorizerId, path).toBeUndefined();
          expect(Boolean(found[0]!.ApiKeyRequired), path).toBe(false);
          expect(JSON.stringify(found[0]!.Integration.Uri)).toContain(`"${id(fn?.live)}"`);
        }
        // Its CSP names the province's identity provider, as CloudFront's headers do; it touches no data.
        expect(resources[id(fn)]!.Properties.Environment.Variables.JWT_ISSUER).toBe(stack.province.jwt.issuer);
        expect(statementsOf(fn).flatMap((statement) => [statement.Action].flat()).filter((action) => !action.startsWith('logs:'))).toEqual([]);
      }
      expect(hosted.stack.siteFunction).toBeUndefined();
    });

    it('ships the province\'s build beside the site function\'s bundle', () => {
      // CDK bundles a nested stack's assets exactly when it bundles its parent's, which here would
      // run esbuild for every function of the province: only the web service's stack is bundled.
      const bundlingRequired = Object.getOwnPropertyDescriptor(NestedStack.prototype, 'bundlingRequired')!;
      Object.defineProperty(NestedStack.prototype, 'bundlingRequired', { configurable: true, get(this: NestedStack) { return this.node.id === 'WebService'; } });
      try {
        const { stack } = provinceStacks(new App({ context: NO_BUNDLING }), provinces.fujian);
        const bundle = stack.siteFunction!.node.findAll().find((child): child is AssetStaging => child instanceof AssetStaging)!.absoluteStagedPath;
        const files = readdirSync(bundle, { recursive: true }).map(String);
        expect(files).toEqual(expect.arrayContaining(['index.mjs', ...Object.values(PAGES).map((page) => join(SITE_FOLDER, page)), join(SITE_FOLDER, 'assets', 'join.js'), join(SITE_FOLDER, 'assets', 'scalar.js')]));
        expect(readFileSync(join(bundle, SITE_FOLDER, 'assets', 'join.js'), 'utf8')).toContain(provinces.fujian.jwt.webClientId);
      } finally {
        Object.defineProperty(NestedStack.prototype, 'bundlingRequired', bundlingRequired);
      }
    }, 120_000);

    it('takes api, or none, in a China region', () => {
      for (const hosting of ['api', 'none']) expect(() => validProvinceConfig('fujian', { ...provinces.fujian, web: { hosting } })).not.toThrow();
    });

    it('refuses CloudFront hosting in a China region, and without a web ACL when waf is on, naming the field', () => {
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, web: { hosting: 'cloudfront' } }))
        .toThrow(/cn-north-1 cannot host the pages on CloudFront as built here: use web: \{ hosting: 'api' \}.*\n.*→ at web\.hosting/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, awsRegion: 'ap-east-1', web: { hosting: 'cloudfront' } }))
        .toThrow(/is required when waf is on.*\n.*→ at web\.webAclArn/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, web: { hosting: 's3' } })).toThrow(/must name its hosting: cloudfront, api or none\n.*→ at web\.hosting/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, awsRegion: 'ap-east-1', waf: false, web: { hosting: 'cloudfront', domain: { name: 'union.example.org', certificateArn: 'arn:aws:acm:ap-east-1:111122223333:certificate/4f1c' } } }))
        .toThrow(/must be the ARN of an ACM certificate in us-east-1.*\n.*→ at web\.domain\.certificateArn/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, awsRegion: 'ap-east-1', waf: false, web: { hosting: 'cloudfront' } })).not.toThrow();
    });
  });

  describe('WAF', () => {
    it('guards the API stage with a rate limit per IP from the config and the AWS common rule set, bodies up to the API\'s own limit', () => {
      const acl = fujian.ofType('AWS::WAFv2::WebACL');
      expect(acl).toHaveLength(1);
      const [[aclId, { Properties }]] = acl as [[string, Resource]];
      expect(Properties.Scope).toBe('REGIONAL');
      expect(Properties.Rules[0].Statement.RateBasedStatement).toEqual({ Limit: (provinces.fujian.waf as { rateLimitPerIp: number }).rateLimitPerIp, AggregateKeyType: 'IP' });
      expect(Properties.Rules[1].Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] });
      fujian.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] } });
    });

    it('goes without where the config says the region lacks WAF', () => {
      const { services } = variant('shaanxi', { waf: false });
      services.resourceCountIs('AWS::WAFv2::WebACL', 0);
      services.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    });
  });

  describe('backups', () => {
    it('backs every table up daily for 35 days into a locked vault, besides point-in-time recovery', () => {
      const data = Template.fromStack(fujian.stack.data);
      data.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 18 * * ? *)', Lifecycle: { DeleteAfterDays: BACKUP_RETENTION.toDays() } })] },
      });
      data.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: BACKUP_RETENTION.toDays(), ChangeableForDays: 3 } });
      const [selection] = Object.values(data.findResources('AWS::Backup::BackupSelection') as Record<string, Resource>);
      const selected = JSON.stringify(selection!.Properties.BackupSelection.Resources);
      for (const [name] of tableEntries) expect(selected, name).toContain(`"${fujian.id(fujian.stack.data.tables[name])}"`);
    });

    it('leaves a trial province\'s vault unlocked and its data deletable', () => {
      const { data } = variant('shaanxi', { retainData: false });
      data.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.absent() });
      data.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    });

    it('re-points the stack at a restored table named in tableOverrides, importing it instead of creating it', () => {
      const restored = { tableName: 'UnionData-fujian-orgs-restored', streamArn: 'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/UnionData-fujian-orgs-restored/stream/2026-12-01T00:00:00.000' };
      const { data, services, stack } = variant('fujian', { tableOverrides: { orgs: restored } });
      data.resourceCountIs('AWS::DynamoDB::Table', tableEntries.length - 1);
      const routeOnOrgs = routes.find((route) => route.tables.includes('orgs'))!;
      const fn = stack.routeFunctions[routeKey(routeOnOrgs)]!;
      const nested = Template.fromStack(Stack.of(fn)).toJSON().Resources[Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)];
      expect(nested.Properties.Environment.Variables[tableEnvVar('orgs')]).toBe(restored.tableName);
      // The relay reads the restored table's stream.
      expect(JSON.stringify(services.findResources('AWS::Lambda::EventSourceMapping'))).toContain(restored.streamArn);
      // Tagged tables tell the restore script which override they fill.
      Template.fromStack(fujian.stack.data).hasResourceProperties('AWS::DynamoDB::Table', { Tags: Match.arrayWith([{ Key: TOPOLOGY_TABLE_TAG, Value: 'orgs' }]) });
    });

    it('refuses an outbox table override without its stream, naming the field', () => {
      const outbox = outboxTables[0]!;
      expect(() => variant('fujian', { tableOverrides: { [outbox]: { tableName: 'restored-table' } } })).toThrow(`tableOverrides.${outbox}.streamArn is required`);
    });
  });

  describe('observability', () => {
    it('draws requests, answers, latency per route, queues and every business metric on the province\'s dashboard', () => {
      const [dashboard] = fujian.ofType('AWS::CloudWatch::Dashboard');
      expect(dashboard![1].Properties.DashboardName).toBe('union-services-fujian');
      const body = JSON.stringify(dashboard![1].Properties.DashboardBody);
      for (const metric of ['Count', '4XXError', '5XXError', 'ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesVisible', ...Object.values(businessMetrics)]) expect(body, metric).toContain(metric);
      for (const route of routes) expect(body, routeKey(route)).toContain(routeKey(route));
      for (const [name] of consumerEntries) expect(body, name).toContain(name);
    });

    it('alarms on webhook deliveries that failed for good, through the alarm topic', () => {
      const alarm = fujian.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties).find((a) => a.MetricName === businessMetrics.webhookDeliveryFailed);
      expect(alarm).toMatchObject({ Namespace: 'UnionServices', Dimensions: [{ Name: 'service', Value: 'webhooks' }], AlarmActions: [{ Ref: fujian.id(fujian.stack.alarmTopic) }] });
    });

    it('keeps every log group for the configured days, encrypted with the province\'s logs key and retained in production', () => {
      const logGroups = fujian.ofType('AWS::Logs::LogGroup');
      expect(logGroups.length).toBeGreaterThan(functionCount);
      for (const [logicalId, group] of logGroups) {
        expect(group.Properties.KmsKeyId, logicalId).toEqual({ 'Fn::GetAtt': [fujian.id(fujian.stack.data.logsKey), 'Arn'] });
        expect(group.DeletionPolicy, logicalId).toBe('Retain');
        if (logicalId.startsWith('ApiAccessLogs')) continue;
        expect(group.Properties.RetentionInDays, logicalId).toBe(provinces.fujian.logs.retentionDays);
      }
    });
  });

  describe('regions and config', () => {
    it('writes every ARN with the partition, never a literal arn:aws:', () => {
      for (const { assembly } of [fujian, shaanxi]) {
        for (const file of readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'))) {
          expect(readFileSync(join(assembly.directory, file), 'utf8'), file).not.toMatch(/arn:aws:/);
        }
      }
    });

    it('names no physical resource the same in two provinces', () => {
      const names = ({ assembly }: typeof fujian) => readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'))
        .flatMap((file) => Object.values<Resource>(JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')).Resources ?? {}))
        .flatMap((r) => [PHYSICAL_NAMES[r.Type]].flat().filter((key) => key && typeof r.Properties?.[key] === 'string').map((key) => `${r.Type}.${key}=${r.Properties[key!]}`));
      const fujianNames = names(fujian);
      expect(fujianNames.length).toBeGreaterThan(3);
      expect(fujianNames.filter((name) => names(shaanxi).includes(name))).toEqual([]);
    });

    it('fails a wrong config with the field and the reason', () => {
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, waf: { rateLimitPerIp: 1 } })).toThrow(/Too small.*\n.*→ at waf\.rateLimitPerIp/);
      // The pages' client at the identity provider is compiled into them: a province without one cannot sign anyone in.
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, jwt: { issuer: provinces.fujian.jwt.issuer, audience: 'union-services' } })).toThrow(/→ at jwt\.webClientId/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, jwt: { ...provinces.fujian.jwt, webClientId: 'union web' } })).toThrow(/must be the client id the identity provider registered.*\n.*→ at jwt\.webClientId/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, logs: { retentionDays: 100 } })).toThrow(/must be a retention CloudWatch Logs offers.*\n.*→ at logs\.retentionDays/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, releases: { deploymentConfig: 'BIG_BANG' } })).toThrow(/→ at releases\.deploymentConfig/);
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, tableOverrides: { nope: { tableName: 'x-restored' } } })).toThrow(/Unrecognized key: "nope"\n.*→ at tableOverrides/);
      // A China region has no End User Messaging SMS: the config must name the replacement.
      expect(() => validProvinceConfig('fujian', { ...provinces.fujian, sms: { provider: 'end-user-messaging', originationIdentityArn: 'arn:aws-cn:sms-voice:cn-north-1:111122223333:pool/pool-1' } }))
        .toThrow(/cn-north-1 has no End User Messaging SMS: use the province's HTTPS SMS gateway.*\n.*→ at sms\.provider/);
    });
  });
});
