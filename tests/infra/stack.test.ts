import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { provinceApp } from '../../infra/province-app.js';
import { consumers, outboxTables, routes, tables } from '../../infra/topology.js';
import { gatewayProblems } from '../../shared/http/problem.js';

// Skips esbuild in assertions; `npx cdk synth` bundles for real.
const synth = (key: string) => {
  const { app, stack } = provinceApp(key, { context: { 'aws:cdk:bundling-stacks': [] } });
  app.synth();
  return { stack, template: Template.fromStack(stack) };
};

describe('ProvinceStack', () => {
  let fujian: ReturnType<typeof synth>;
  let shaanxi: ReturnType<typeof synth>;

  beforeAll(() => {
    fujian = synth('fujian');
    shaanxi = synth('shaanxi');
  }, 120_000);

  it('gives each province its own stack name, region, code and issuer', () => {
    expect(fujian.stack.stackName).toBe('UnionServices-fujian');
    expect(shaanxi.stack.stackName).toBe('UnionServices-shaanxi');
    expect(fujian.stack.region).toBe('cn-north-1');
    expect(shaanxi.stack.region).toBe('cn-northwest-1');
    fujian.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PROVINCE_CODE: '35', JWT_ISSUER: 'https://id.fj.union.example.cn' }) },
    });
    shaanxi.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PROVINCE_CODE: '61', JWT_JWKS_URL: 'https://id.sn.union.example.cn/keys' }) },
    });
    expect(JSON.stringify(fujian.template.toJSON())).not.toContain('"61"');
  });

  it('refuses an unknown province, naming the known ones', () => {
    expect(() => provinceApp('atlantis')).toThrow(/fujian\|shaanxi/);
  });

  it('runs every function on nodejs22.x and arm64', () => {
    const functions = Object.values(fujian.template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBe(routes.length + Object.keys(consumers).length + 2);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('creates every table of the topology encrypted, backed up, with its indexes and stream', () => {
    fujian.template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(tables).length);
    for (const [name, spec] of Object.entries(tables)) {
      const indexes = Object.keys((spec as { indexes?: object }).indexes ?? {});
      fujian.template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: Match.arrayWith([{ AttributeName: spec.partitionKey, KeyType: 'HASH' }]),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes.map((index) => Match.objectLike({ IndexName: index })) } : {}),
        ...(outboxTables.includes(name as never) ? { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } } : {}),
      });
    }
  });

  it('gives every consumer a queue that redrives to its DLQ after maxReceiveCount, and a partial-batch event source', () => {
    for (const spec of Object.values(consumers)) {
      fujian.template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: spec.maxReceiveCount }),
      });
    }
    const sqsMappings = Object.values(fujian.template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => mapping.Properties.FunctionResponseTypes && !mapping.Properties.StartingPosition,
    );
    expect(sqsMappings).toHaveLength(Object.keys(consumers).length);
  });

  it('feeds only outbox inserts of every outbox table to the relay, with a failure queue', () => {
    const streamMappings = Object.values(fujian.template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.StartingPosition);
    expect(streamMappings).toHaveLength(outboxTables.length);
    for (const mapping of streamMappings) {
      expect(mapping.Properties).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
      const pattern = JSON.parse(mapping.Properties.FilterCriteria.Filters[0].Pattern);
      expect(pattern).toEqual({ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } });
    }
  });

  it('puts every route behind the authorizer except the public ones', () => {
    const methods = Object.values(fujian.template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(routes.length);
    const publicCount = routes.filter((route) => route.allow === 'public').length;
    expect(methods.filter((m) => m.Properties.AuthorizationType === 'CUSTOM')).toHaveLength(routes.length - publicCount);
    expect(methods.filter((m) => m.Properties.AuthorizationType === 'NONE')).toHaveLength(publicCount);
    fujian.template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 });
  });

  it('answers gateway errors as problem+json', () => {
    for (const problem of Object.values(gatewayProblems)) {
      fujian.template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        StatusCode: String(problem.status),
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp(problem.detail) },
      });
    }
  });

  it('gives personal-data functions the KMS keys and no other function', () => {
    const withPii = Object.values(fujian.template.findResources('AWS::Lambda::Function')).filter((fn) => fn.Properties.Environment?.Variables?.PII_KMS_KEY_ID);
    expect(withPii).toHaveLength(routes.filter((route) => route.pii).length);
    fujian.template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  });

  it('fails synthesis on a cdk-nag finding nobody acknowledged', () => {
    const { app, stack } = provinceApp('fujian', { context: { 'aws:cdk:bundling-stacks': [] } });
    new Queue(stack, 'QueueWithoutDlqOrTls');
    expect(() => app.synth()).toThrow();
  }, 60_000);

  it('alarms on every dead-letter queue and on 5xx answers', () => {
    const alarms = Object.values(fujian.template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.filter((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(Object.keys(consumers).length + 1);
    expect(alarms.filter((alarm) => alarm.Properties.MetricName === '5XXError')).toHaveLength(1);
  });
});
