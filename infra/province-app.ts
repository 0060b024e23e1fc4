import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { provinceConfig } from './provinces/index.js';
import { ProvinceStack } from './stack.js';

/**
 * The CDK app for one province, shared by `app.ts` and the infra tests so both synthesize the
 * same thing. The province comes from `provinceKey` or else the `province` context value.
 *
 * cdk-nag's AWS Solutions checks are always on. cdk-nag 3 is a CDK policy-validation plugin
 * (`Validations.of(app).addPlugins`), no longer an aspect: any finding not acknowledged with its
 * reason (see `constructs/nag.ts`) fails synthesis, and `validation-report.json` in the cloud
 * assembly lists every acknowledged one.
 *
 * @example
 * const { app, stack } = provinceApp('fujian', { context: { 'aws:cdk:bundling-stacks': [] } });
 */
export function provinceApp(provinceKey?: string, props: AppProps = {}): { app: App; stack: ProvinceStack } {
  const app = new App(props);
  const province = provinceConfig(provinceKey ?? app.node.tryGetContext('province'));
  const stack = new ProvinceStack(app, `UnionServices-${province.key}`, {
    province,
    // Region only: synthesis stays offline (no account, no lookups) and deploys to the caller's account.
    env: { region: province.awsRegion },
    description: `Union services for new-employment-form workers: ${province.name} (${province.code})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
