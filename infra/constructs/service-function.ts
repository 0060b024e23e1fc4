import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resolve } from 'node:path';
import { handlerEntry, type TableName } from '../topology.js';
import { tableEnvVar } from '../../shared/config.js';

const projectRoot = resolve(import.meta.dirname, '..', '..');

export interface ServiceFunctionProps {
  /** `<service>/<file>` as the topology names it. */
  handler: string;
  timeout: Duration;
  environment: Record<string, string>;
}

/**
 * A function of one of the services: Node.js 22 on arm64, bundled by the local esbuild as
 * ESM (no Docker), X-Ray tracing and a log group kept for a month. The construct owns these
 * defaults so the stack only says which handler and what it may touch.
 */
export class ServiceFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const [service] = props.handler.split('/');
    super(scope, id, {
      entry: resolve(projectRoot, handlerEntry(props.handler)),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: service!,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // ESM bundles of CommonJS dependencies still call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
      },
    });
  }

  /** Hands the function a table: its name in the environment and the matching IAM grant, together. */
  bindTable(name: TableName, table: ITable, access: 'read' | 'readWrite'): void {
    this.addEnvironment(tableEnvVar(name), table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
  }
}
