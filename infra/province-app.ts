import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ProvinceDataStack } from './data-stack.js';
import { provinceConfig } from './provinces/index.js';
import type { ProvinceConfig } from './provinces/schema.js';
import { ProvinceStack } from './stack.js';

/**
 * The CDK app for one province, shared by `app.ts`, `synth-all.ts` and the infra tests so all
 * synthesize the same thing: the data stack `UnionData-<key>` (tables, keys, queues, backups)
 * and the services stack `UnionServices-<key>` on top of it (ADR 0024). The province comes from
 * `provinceKey` or else the `province` context value.
 *
 * cdk-nag's AWS Solutions checks are always on. cdk-nag 3 is a CDK policy-validation plugin
 * (`Validations.of(app).addPlugins`), no longer an aspect: any finding not acknowledged with its
 * reason (see `constructs/nag.ts`) fails synthesis, and `validation-report.json` in the cloud
 * assembly lists every acknowledged one.
 *
 * @example
 * const { app, data, stack } = provinceApp('fujian', { context: { 'aws:cdk:bundling-stacks': [] } });
 */
export function provinceApp(provinceKey?: string, props: AppProps = {}): { app: App; data: ProvinceDataStack; stack: ProvinceStack } {
  const app = new App(props);
  const province = provinceConfig(provinceKey ?? app.node.tryGetContext('province'));
  const { data, stack } = provinceStacks(app, province);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, data, stack };
}

/** The two stacks of a validated province config, in `app`. */
export function provinceStacks(app: App, province: ProvinceConfig): { data: ProvinceDataStack; stack: ProvinceStack } {
  // Region only: synthesis stays offline (no account, no lookups) and deploys to the caller's account.
  const env = { region: province.awsRegion };
  const data = new ProvinceDataStack(app, `UnionData-${province.key}`, {
    province,
    env,
    description: `Union services for new-employment-form workers: ${province.name} (${province.code}), tables, keys, queues and backups`,
    // A stack that holds the province's data is never deleted by accident.
    terminationProtection: province.retainData,
  });
  const stack = new ProvinceStack(app, `UnionServices-${province.key}`, {
    province,
    data,
    env,
    description: `Union services for new-employment-form workers: ${province.name} (${province.code})`,
  });
  return { data, stack };
}
