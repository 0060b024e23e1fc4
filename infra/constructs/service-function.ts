import { Names, Stack, type CfnElement, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing, type Alias } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { resolve } from 'node:path';
import { queueUrlEnvVar, tableEnvVar } from '../../shared/config.js';
import { tableSpec, type ConsumerName, type TableName } from '../../functions/services.js';
import { handlerEntry } from '../../shared/topology.js';
import { acknowledgeNag } from './nag.js';
import type { Releases } from './releases.js';

const projectRoot = resolve(import.meta.dirname, '..', '..');

/** How much of a table a function gets: `read` for GET routes and the authorizer, `append` (new items only) for the audit log, else `readWrite`. */
export type TableAccess = 'read' | 'readWrite' | 'append';

/** Where a function logs: the province's retention and key; retained in production (`retainData`). */
export interface FunctionLogs {
  retention: RetentionDays;
  encryptionKey: IKey;
  removalPolicy: RemovalPolicy;
}

export interface ServiceFunctionProps {
  /** `<service>/<file>` as the topology names it; the code is `functions/<service>/handlers/<file>.ts`. */
  handler: string;
  timeout: Duration;
  /** Variables beyond the ones every function gets (`POWERTOOLS_SERVICE_NAME`, `NODE_OPTIONS`). */
  environment: Record<string, string>;
  /**
   * Why this function needs further actions on `Resource: *` besides X-Ray's, e.g. the
   * `dynamodb:ListStreams` every stream event source grants. Becomes part of the nag reason.
   */
  moreWildcardResources?: string;
  logs: FunctionLogs;
  /** The stack's releases: the function is invoked through its `live` alias, which CodeDeploy moves gradually. */
  releases: Releases;
  /** X-Ray active tracing, where the region offers it for Lambda (not in the China regions). */
  tracing: boolean;
  /**
   * What the function reads at run time, copied beside its bundle: project-relative files (a
   * poster's font), or a folder (absolute path) copied whole under a name of its own (the web
   * pages' build).
   */
  files?: readonly FunctionFile[];
}

/** A project-relative file, or a folder and the name it gets beside the bundle. */
export type FunctionFile = string | { folder: string; as: string };

/** The shell command that puts one of a function's files beside its bundle. */
const copyCommand = (inputDir: string, outputDir: string, file: FunctionFile): string =>
  typeof file === 'string' ? `cp "${inputDir}/${file}" "${outputDir}/"` : `cp -R "${file.folder}" "${outputDir}/${file.as}"`;

/**
 * A function of one of the services: Node.js 22 on arm64, bundled as ESM by the project's own
 * esbuild (never Docker), X-Ray tracing where the region has it, a log group with the province's
 * retention and key, and a `live` alias released gradually. The construct owns
 * these defaults, and the cdk-nag findings they cause, so the stack only says which handler
 * runs and what it may touch.
 */
export class ServiceFunction extends NodejsFunction {
  /** The service folder, also the Powertools service name in every log line. */
  readonly service: string;
  /** What every trigger invokes; the function itself only names the version CodeDeploy moves it to. */
  readonly live: Alias;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const [service] = props.handler.split('/');
    if (!service) throw new Error(`Handler ${props.handler} is not <service>/<file>`);
    super(scope, id, {
      entry: resolve(projectRoot, handlerEntry(props.handler)),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: service,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      // An explicit group instead of `logRetention`, which would add a custom-resource function.
      logGroup: new LogGroup(scope, `${id}Logs`, { retention: props.logs.retention, encryptionKey: props.logs.encryptionKey, removalPolicy: props.logs.removalPolicy }),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into ESM still call require(); ESM has none of its own.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // The nodejs22.x runtime ships SDK v3; bundling it would only grow cold starts.
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
        // A module finds such a file at `new URL(name, import.meta.url)`: beside it in the source
        // tree, beside the bundle once deployed.
        ...(props.files?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => props.files!.map((file) => copyCommand(inputDir, outputDir, file)),
              },
            }
          : {}),
      },
    });
    this.service = service;
    this.live = props.releases.live(this, props.timeout);

    acknowledgeNag(this, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function create and write CloudWatch log streams; it is the AWS-maintained minimum for Lambda logging and carries no data access.');
    const wildcards = [props.tracing && 'X-Ray tracing is on, and xray:PutTraceSegments/PutTelemetryRecords support no resource-level permissions.', props.moreWildcardResources].filter(Boolean);
    if (wildcards.length > 0) acknowledgeNag(this, 'IAM5[Resource::*]', wildcards.join(' '));
    acknowledgeNag(this, 'L1',
      'The runtime is pinned to nodejs22.x on purpose: it is the deployment target the bundles are built for (esbuild target node22); a newer runtime is a deliberate, tested upgrade, not a side effect of a CDK update.');
  }

  /**
   * Hands the function a table: its physical name in `TABLE_<NAME>` and the matching IAM grant,
   * together, so a function can never know a table it may not touch or touch one it cannot name.
   */
  bindTable(name: TableName, table: ITable, access: TableAccess): void {
    this.addEnvironment(tableEnvVar(name), table.tableName);
    if (access === 'read') {
      table.grantReadData(this);
    } else if (access === 'append') {
      // Append-only: new items and nothing else (no update, delete or read); the table's key as a writer needs it.
      table.grant(this, 'dynamodb:PutItem');
      table.encryptionKey?.grantEncryptDecrypt(this);
      this.acknowledgeKeyGrantWildcards();
    } else {
      table.grantReadWriteData(this);
      this.acknowledgeKeyGrantWildcards();
    }
    const indexes = Object.keys(tableSpec(name).indexes ?? {});
    if (indexes.length > 0) {
      acknowledgeNag(this, `IAM5[Resource::${this.arnAsNagSeesIt(table)}/index/*]`,
        `Queries read the ${name} table's own global secondary indexes (${indexes.join(', ')}); CDK grants them as <table>/index/*, which names no other table.`);
    }
  }

  /** How cdk-nag renders the table's ARN in this function's policy, which depends on where the table lives. */
  private arnAsNagSeesIt(table: ITable): string {
    const resource = table.node.defaultChild as CfnElement | undefined;
    // Imported by name (a restored table): an ARN built from the partition, region and account.
    if (!resource) return `arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/${table.tableName}`;
    const owner = Stack.of(table);
    const here = Stack.of(this);
    if (owner === here) return `<${owner.getLogicalId(resource)}.Arn>`;
    // In a nested stack of the table's own stack the ARN arrives as a parameter CDK names after it.
    if (here.nestedStackParent === owner) return `<referenceto${Names.uniqueId(resource)}Arn>`;
    // From another stack (the data stack): an export, whose name exportValue gives (the same one the reference uses).
    return (owner.resolve(owner.exportValue(table.tableArn)) as { 'Fn::ImportValue': string })['Fn::ImportValue'];
  }

  /** Lets the function publish to a consumer's queue, whose URL it finds in `QUEUE_URL_<CONSUMER>`. */
  sendTo(consumer: ConsumerName, queue: IQueue): void {
    this.addEnvironment(queueUrlEnvVar(consumer), queue.queueUrl);
    queue.grantSendMessages(this);
    this.acknowledgeKeyGrantWildcards();
  }

  private keyGrantsAcknowledged = false;

  private acknowledgeKeyGrantWildcards(): void {
    if (this.keyGrantsAcknowledged) return;
    this.keyGrantsAcknowledged = true;
    const reason = 'Writing to a table or queue encrypted with this stack\'s customer-managed key needs the kms:GenerateDataKey*/ReEncrypt* action families CDK grants; the statement\'s resource is that one key, not a wildcard.';
    acknowledgeNag(this, 'IAM5[Action::kms:GenerateDataKey*]', reason);
    acknowledgeNag(this, 'IAM5[Action::kms:ReEncrypt*]', reason);
  }
}
