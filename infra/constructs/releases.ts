import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaApplication, LambdaDeploymentConfig, LambdaDeploymentGroup, type ILambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeNag } from './nag.js';

/** The CodeDeploy configurations a province may release with (`releases.deploymentConfig`). */
export const DEPLOYMENT_CONFIGS = [
  'CANARY_10PERCENT_5MINUTES',
  'CANARY_10PERCENT_10MINUTES',
  'CANARY_10PERCENT_15MINUTES',
  'CANARY_10PERCENT_30MINUTES',
  'LINEAR_10PERCENT_EVERY_1MINUTE',
  'LINEAR_10PERCENT_EVERY_2MINUTES',
  'LINEAR_10PERCENT_EVERY_3MINUTES',
  'LINEAR_10PERCENT_EVERY_10MINUTES',
  'ALL_AT_ONCE',
] as const satisfies readonly (keyof typeof LambdaDeploymentConfig)[];
export type DeploymentConfigName = (typeof DEPLOYMENT_CONFIGS)[number];

/** The alias every trigger (API method, event source, rule, authorizer) invokes. */
export const LIVE_ALIAS = 'live';

/** A p95 above this share of the timeout means the new version is about to time out: roll back. */
export const LATENCY_ALARM_SHARE_OF_TIMEOUT = 0.8;

export interface ReleasesProps {
  deploymentConfig: DeploymentConfigName;
}

/**
 * Gradual releases of the functions of one stack: one CodeDeploy application and one service
 * role for all of them, and per function an alias `live` whose traffic CodeDeploy shifts to each
 * new version, rolling back when the function's errors or its p95 duration alarm.
 */
export class Releases extends Construct {
  readonly application: LambdaApplication;
  private readonly role: Role;
  private readonly deploymentConfig: ILambdaDeploymentConfig;

  constructor(scope: Construct, id: string, props: ReleasesProps) {
    super(scope, id);
    this.application = new LambdaApplication(this, 'Application');
    this.deploymentConfig = LambdaDeploymentConfig[props.deploymentConfig];
    // One role for the stack's deployment groups rather than one each: a hundred fewer resources.
    this.role = new Role(this, 'ServiceRole', { assumedBy: new ServicePrincipal('codedeploy.amazonaws.com') });
    acknowledgeNag(this.role, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      'CodeDeploy shifts alias traffic with this AWS-maintained policy, limited to Lambda aliases and versions; CDK attaches it to every Lambda deployment group\'s role.');
  }

  /** Puts `fn` behind its `live` alias with a deployment group; returns the alias, which callers must invoke. */
  live(fn: LambdaFunction, timeout: Duration): Alias {
    const alias = new Alias(fn, 'Live', { aliasName: LIVE_ALIAS, version: fn.currentVersion });
    const alarm = (id: string, props: Omit<ConstructorParameters<typeof Alarm>[2], 'evaluationPeriods' | 'treatMissingData' | 'comparisonOperator'>) =>
      new Alarm(fn, id, { ...props, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING });
    const errors = alarm('LiveErrors', {
      metric: alias.metricErrors({ period: Duration.minutes(1) }),
      threshold: 0,
      alarmDescription: `${fn.node.path}: the live alias threw; a release in progress rolls back`,
    });
    const latency = alarm('LiveLatency', {
      metric: alias.metricDuration({ period: Duration.minutes(1), statistic: Stats.p(95) }),
      threshold: timeout.toMilliseconds() * LATENCY_ALARM_SHARE_OF_TIMEOUT,
      alarmDescription: `${fn.node.path}: p95 duration above ${LATENCY_ALARM_SHARE_OF_TIMEOUT * 100}% of the timeout; a release in progress rolls back`,
    });
    new LambdaDeploymentGroup(fn, 'Release', {
      application: this.application,
      alias,
      deploymentConfig: this.deploymentConfig,
      alarms: [errors, latency],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      role: this.role,
    });
    return alias;
  }
}
