import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { provinceConfig } from './provinces/index.js';
import { ProvinceStack } from './stack.js';

/**
 * The CDK app for one province, with cdk-nag's AWS Solutions checks always on: any finding
 * that is not acknowledged (with its reason) fails synthesis.
 */
export function provinceApp(provinceKey: string | undefined, props: AppProps = {}) {
  const app = new App(props);
  const province = provinceConfig(provinceKey ?? app.node.tryGetContext('province'));
  const stack = new ProvinceStack(app, `UnionServices-${province.key}`, {
    province,
    env: { region: province.awsRegion },
    description: `Union services for new-employment-form workers: ${province.name} (${province.code})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
