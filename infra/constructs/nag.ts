import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag AWS Solutions finding on a construct and everything under it.
 *
 * cdk-nag 3 reports through CDK's policy validation (`Validations`), not annotations, so
 * `NagSuppressions` no longer exists. The id is namespaced with the plugin's name so CDK itself
 * matches it and lists it, with its reason, under `suppressedViolations` in the cloud
 * assembly's `validation-report.json` (the audit trail the infra tests read).
 *
 * @param rule the rule, with its finding where the rule is granular: `IAM5[Resource::*]`
 * @param reason why this project accepts the finding here, specific enough to re-check
 *
 * @example
 * acknowledgeNag(dlq, 'SQS3', 'This queue is itself a dead-letter queue, watched by an alarm');
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}
