import { Stack } from 'aws-cdk-lib';
import { Period, type RestApi, type UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { usagePlanName } from '../names.js';
import type { UsageTiers } from '../provinces/schema.js';

/**
 * One API Gateway usage plan per usage tier of the province (rate, burst, quota per day), bound
 * to the API's stage, whose own throttling stays the outer bound. The API takes API keys from
 * its authorizer, which names an account's usage key; the accounts service registers each
 * account's key with its tier's plan (`grantRegistration`).
 */
export class UsagePlans extends Construct {
  readonly plans: Record<string, UsagePlan> = {};
  /** Plan names by tier: what the registering functions find the plans by. */
  readonly planNames: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: { api: RestApi; tiers: UsageTiers }) {
    super(scope, id);
    for (const [tier, limits] of Object.entries(props.tiers)) {
      this.planNames[tier] = usagePlanName(props.api.restApiName, tier);
      this.plans[tier] = props.api.addUsagePlan(`${tier}-plan`, {
        name: this.planNames[tier],
        description: `Per-account limits of the ${tier} tier`,
        throttle: { rateLimit: limits.ratePerSecond, burstLimit: limits.burst },
        quota: { limit: limits.dailyQuota, period: Period.DAY },
        apiStages: [{ api: props.api, stage: props.api.deploymentStage }],
      });
    }
  }

  /**
   * Lets `fn` register usage keys: find the tiers' plans by name (`USAGE_PLAN_NAMES`, tier →
   * name, JSON), create API keys (and find one it created, on a retry) and add them to the plans.
   *
   * Nothing of the plans reaches the function itself: a plan depends on the stage, the stage on
   * every method and a method on its function, so a plan id in its environment (or in its role's
   * default policy, which the function waits for) would close a loop. The rights are a policy of
   * their own in this stack, attached to the function's role.
   */
  grantRegistration(fn: LambdaFunction): void {
    const { partition, region } = Stack.of(this);
    const apigateway = (path: string) => `arn:${partition}:apigateway:${region}::${path}`;
    fn.addEnvironment('USAGE_PLAN_NAMES', JSON.stringify(this.planNames));
    new Policy(this, `${fn.node.id}Registration`, {
      roles: [fn.role!],
      statements: [
        new PolicyStatement({ actions: ['apigateway:GET'], resources: [apigateway('/usageplans')] }),
        new PolicyStatement({ actions: ['apigateway:GET', 'apigateway:POST'], resources: [apigateway('/apikeys')] }),
        new PolicyStatement({ actions: ['apigateway:POST'], resources: Object.values(this.plans).map((plan) => apigateway(`/usageplans/${plan.usagePlanId}/keys`)) }),
      ],
    });
  }
}
