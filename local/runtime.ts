import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  consumerSpec,
  consumerTimeoutSeconds,
  consumers,
  outboxRelay,
  outboxTables,
  schedules,
  tables,
  type ScheduleName,
  type ConsumerName,
  scheduleSpec,
  type TableName,
} from '../functions/services.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '../shared/topology.js';
import { withoutSdkLogging } from '../shared/aws-sdk.js';
import { relayTakes, UNPUBLISHED_OUTBOX_INDEX } from '../shared/outbox.js';
import { queueUrlEnvVar, tableEnvVar } from '../shared/config.js';
import { LOCAL_AWS_ENV } from './engines.js';
import { invoke, loadHandler } from './functions.js';
import { startGateway, type LocalRoute } from './gateway.js';
import { makeUsageLimiter } from './usage-limiter.js';
import { localUsageTierOf } from '../shared/usage-keys.js';
import type { UsageTiers } from '../infra/provinces/schema.js';
import { pollQueue, pollStream, wakeableIdle, type Checkpoints, type Idle, type Poller } from './pollers.js';
import { onQueueSend, onTableWrite } from './function-writes.js';
import { localTableName, provisionQueues, provisionTables, type QueueOverrides } from './provision.js';
import { LOCAL_AUDIENCE, tokenRoute, type LocalIssuer } from './tokens.js';
import { smsRoute } from './sms.js';
import { listOrgs } from './orgs.js';
import { localIdentityProvider, type SignInPorts } from './identity-provider.js';
import { membershipPorts } from '../functions/membership/dependencies.js';
import { proveMobile, requestMobileVerification } from '../functions/membership/use-cases/verify-mobile.js';
import type { MembershipPorts } from '../functions/membership/use-cases/ports.js';
import { staticSite } from '../web/site.js';
import { fujian } from '../infra/provinces/fujian.js';
import { keyIssuingPorts } from '../functions/accounts/dependencies.js';
import { issueMissingUsageKeys } from '../functions/accounts/use-cases/issue-usage-keys.js';
import type { RosterLimits } from '../functions/rosters/domain/limits.js';

export interface ProvinceOptions {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /** Prefix of every table and queue name, so several provinces (or test files) share engines. */
  prefix: string;
  provinceCode: string;
  port: number;
  issuer: LocalIssuer;
  /** The local stand-in for KMS: personal data is encrypted and blind-indexed under it. */
  keyring: string;
  queues?: QueueOverrides;
  /** Stream progress; pass the same map to a restarted runtime to resume where it stopped. */
  checkpoints?: Checkpoints;
  /** Wraps the relay, e.g. to make it fail in a fault test. Defaults to the relay itself. */
  relay?: (event: { Records: DynamoDBRecord[] }) => Promise<DynamoDBBatchResponse | void>;
  /** Wraps each queue consumer, e.g. to make it die before acknowledging in a fault test. Defaults to the consumer itself. */
  consumer?: (name: ConsumerName, consume: ConsumerInvoke) => ConsumerInvoke;
  /** Platform names workers may type at join (default: Fujian's list, as the demo province). */
  platforms?: readonly string[];
  /** The province's roster limits (default: each at its default), as a province's config sets them. */
  rosterLimits?: Partial<RosterLimits>;
  /** Seconds the authorizer remembers a key's holder (default: the Fujian config's). */
  authorizerCacheSeconds?: number;
  /** Per-account limits of the routes only accounts call, by usage tier (default: the Fujian config's). */
  usageTiers?: UsageTiers;
  /** The built web pages (`web/build.ts`) the gateway serves at `/`, `/join`, `/console` and `/docs`; none when unset. */
  webDir?: string;
  /**
   * Sends SMS to this gateway (`http://127.0.0.1:<port>/...` allowed) as a China-region province
   * does, signed with the local key, instead of keeping them in the outbox of `GET /local/sms`.
   */
  smsGatewayUrl?: string;
  /** Whether to start the queue and stream pollers (default true). */
  pollers?: boolean;
  log?: (line: string) => void;
}

/**
 * How often, at most, a busy stream is read: Lambda's DynamoDB event source polls each shard
 * at a base rate of four times a second.
 */
export const STREAM_POLL_GAP_MS = 250;

/** One invocation of a queue consumer with a batch, as its event source makes it. */
export type ConsumerInvoke = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface RunningProvince {
  url: string;
  queues: Record<ConsumerName, { queueUrl: string; dlqUrl: string }>;
  env: Record<string, string>;
  /** Runs a scheduled function now, as its timer would, with `time` as the event's time. */
  runSchedule(name: ScheduleName, time?: Date): Promise<unknown>;
  /** Starts the queue and stream pollers (when started without them, or after `stopPollers`). */
  startPollers(): Promise<void>;
  stopPollers(): Promise<void>;
  /**
   * Holds the named consumers' queues (their messages wait, as behind a disabled event source
   * mapping) until the answered function is called; the bench times one pipeline apart from
   * the projections that follow it on the same engine.
   */
  holdConsumers(names: readonly ConsumerName[]): () => void;
  /**
   * Resolves once the province is quiet: every outbox item of every table published and every
   * consumer's queue empty, nothing in flight (else it rejects after `timeoutMs`).
   */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What an upgrade does to a deployed province (`npm run ops -- issue-usage-keys`), at every
 * start: accounts a version before usage keys made get theirs, and the registry, which lives in
 * this process's memory, learns again the tiers of those that had one. A kept data directory
 * then locks no account out of the routes that require a usage key.
 */
async function issueUsageKeys(log: (line: string) => void): Promise<void> {
  const onFailure = (accountId: string, error: Error) => log(`No usage key for account ${accountId}: ${error.message}`);
  const { issued, failed } = await issueMissingUsageKeys(keyIssuingPorts(), { registerExisting: true, onFailure });
  if (issued + failed > 0) log(`Usage keys issued to ${issued} accounts created before them${failed > 0 ? `; ${failed} failed (restart to retry)` : ''}`);
}

/**
 * The dev sign-in's view of the province: its orgs, and the membership service's own SMS codes
 * (sent and checked by the same use cases as the API's, on the same tables), so a worker proves
 * a mobile locally as at join. The ports are made at first use, once the environment names the tables.
 */
function signInPorts(dynamodb: DynamoDBClient, orgsTable: string): SignInPorts {
  let ports: MembershipPorts | undefined;
  const membership = () => (ports ??= membershipPorts());
  return {
    orgs: () => listOrgs(dynamodb, orgsTable),
    sendCode: async (mobile, principalId) => (await requestMobileVerification({ mobile }, { principalId }, membership())).verificationId,
    proveMobile: (input, principalId) => proveMobile(input, { principalId }, membership()),
  };
}

/**
 * Runs one province on local engines with the deployed code: creates the topology's tables
 * and queues, sets the environment every function reads (as CDK does in AWS), serves the API
 * through the local gateway and feeds queues and outbox streams to their functions.
 *
 * The functions share this process, so they share one environment: it names every table and
 * queue, where each deployed function only sees its own.
 */
export async function startProvince(options: ProvinceOptions): Promise<RunningProvince> {
  const log = options.log ?? (() => undefined);
  const clientConfig = { region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  // The pollers play Lambda's event sources: like the functions' clients, they skip the SDK's
  // logger, which copies every stream page and message batch to discard it.
  const dynamodb = withoutSdkLogging(new DynamoDBClient({ ...clientConfig, endpoint: options.dynamodbEndpoint }));
  const sqs = withoutSdkLogging(new SQSClient({ ...clientConfig, endpoint: options.sqsEndpoint }));
  const streams = withoutSdkLogging(new DynamoDBStreamsClient({ ...clientConfig, endpoint: options.dynamodbEndpoint }));

  await provisionTables(dynamodb, options.prefix);
  const queues = await provisionQueues(sqs, options.prefix, options.queues);
  const queueOf = (consumer: ConsumerName) => {
    const queue = queues[consumer];
    if (!queue) throw new Error(`No queue for consumer ${consumer}`);
    return queue;
  };

  const usageTiers = options.usageTiers ?? fujian.apiUsageTiers;
  const env: Record<string, string> = {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: options.sqsEndpoint,
    PROVINCE_CODE: options.provinceCode,
    JWT_ISSUER: options.issuer.issuer,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    JWT_JWKS: JSON.stringify(options.issuer.jwks),
    LOCAL_KEYRING: options.keyring,
    // SMS goes to an in-memory outbox, read at `GET /local/sms`, unless a gateway is named.
    ...(options.smsGatewayUrl ? { SMS_GATEWAY_URL: options.smsGatewayUrl, SMS_GATEWAY_LOCAL_LOOPBACK: 'allow' } : { LOCAL_SMS_OUTBOX: 'memory' }),
    PROVINCE_PLATFORMS: JSON.stringify(options.platforms ?? fujian.platforms),
    ROSTER_LIMITS: JSON.stringify(options.rosterLimits ?? {}),
    AUTHORIZER_CACHE_SECONDS: String(options.authorizerCacheSeconds ?? fujian.authorizerCacheSeconds),
    LOCAL_USAGE_TIERS: JSON.stringify(Object.keys(usageTiers)),
    // Webhook receivers on this machine (`http://127.0.0.1:<port>`) are accepted here only, and
    // retries come after seconds, not minutes, so a partner trying a receiver sees them.
    WEBHOOKS_LOCAL_LOOPBACK: 'allow',
    WEBHOOKS_RETRY_BASE_SECONDS: '1',
  };
  for (const table of Object.keys(tables) as TableName[]) env[tableEnvVar(table)] = localTableName(options.prefix, table);
  for (const consumer of Object.keys(consumers) as ConsumerName[]) env[queueUrlEnvVar(consumer)] = queueOf(consumer).queueUrl;
  Object.assign(process.env, env);
  await issueUsageKeys(log);

  const localRoutes: Record<string, LocalRoute> = {
    'POST /local/tokens': tokenRoute(options.issuer),
    'GET /local/sms': smsRoute,
  };
  const limiter = makeUsageLimiter(usageTiers, localUsageTierOf);
  const identityProvider = localIdentityProvider(options.issuer, signInPorts(dynamodb, localTableName(options.prefix, 'orgs')));
  const gateway = await startGateway({ port: options.port, localRoutes, identityProvider, limiter, log, ...(options.webDir ? { site: staticSite(options.webDir) } : {}) });
  // Join links open the API's own URL locally; a deployed province points them at its web page.
  process.env.JOIN_LINK_BASE_URL = env.JOIN_LINK_BASE_URL = `${gateway.url}/join`;

  const checkpoints = options.checkpoints ?? new Map();
  const relay =
    options.relay ??
    ((event: { Records: DynamoDBRecord[] }) =>
      invoke<DynamoDBBatchResponse>(outboxRelay.handler, event, 60));
  let pollers: Poller[] = [];
  let timers: NodeJS.Timeout[] = [];
  let unsubscribes: Array<() => void> = [];
  /** How each consumer's pollers idle, to wake them when a hold on it ends. */
  let queueIdles = new Map<ConsumerName, Idle[]>();

  /** The event an EventBridge schedule rule sends. */
  const runSchedule = (name: ScheduleName, time = new Date()) =>
    invoke(scheduleSpec(name).handler, {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: time.toISOString(),
      region: LOCAL_AWS_ENV.AWS_REGION,
      resources: [`arn:aws:events:local:000000000000:rule/${name}`],
      detail: {},
    }, HTTP_FUNCTION_TIMEOUT_SECONDS * 6);

  const held = new Set<ConsumerName>();
  const consume = (consumer: ConsumerName): ConsumerInvoke => {
    const real: ConsumerInvoke = (event) => invoke<SQSBatchResponse>(consumerSpec(consumer).handler, event, consumerTimeoutSeconds(consumer));
    return options.consumer ? options.consumer(consumer, real) : real;
  };

  async function startPollers() {
    if (pollers.length > 0) return;
    for (const consumer of Object.keys(consumers) as ConsumerName[]) {
      const spec = consumerSpec(consumer);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueOf(consumer).queueUrl, AttributeNames: ['QueueArn'] }),
      );
      await loadHandler(spec.handler);
      // As many pollers as the event source would run copies of the function. Up to 2 s behind
      // a message no send woke them for: a test's, a delayed one, one back from its visibility
      // timeout.
      const { queueUrl } = queueOf(consumer);
      const idles = Array.from({ length: spec.maxConcurrency ?? 1 }, () => wakeableIdle(200, 2000));
      queueIdles.set(consumer, idles);
      for (const idle of idles) {
        unsubscribes.push(onQueueSend(queueUrl, () => idle.interrupt()));
        pollers.push(
          pollQueue({
            sqs,
            queueUrl,
            queueArn: Attributes!.QueueArn!,
            batchSize: spec.batchSize,
            held: () => held.has(consumer),
            invoke: consume(consumer),
            log,
            idle,
          }),
        );
      }
    }
    for (const name of Object.keys(schedules) as ScheduleName[]) {
      const every = scheduleSpec(name).everyMinutes * 60_000;
      timers.push(setInterval(() => void runSchedule(name).catch((error: Error) => log(`schedule ${name}: ${error.message}`)), every).unref());
    }
    for (const table of outboxTables) {
      const tableName = localTableName(options.prefix, table);
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      // Up to 2 s behind a write made outside the functions (a test's, a bench baseline's).
      // While writes keep coming, a stream is read at most every STREAM_POLL_GAP_MS, as Lambda
      // reads a shard: DynamoDB Local spends about 10 ms of CPU on every GetRecords, about 1 ms
      // more for every 1,000 records its streams hold (every table's), however few it answers.
      const idle = wakeableIdle(200, 2000, { gapMs: STREAM_POLL_GAP_MS });
      unsubscribes.push(onTableWrite(tableName, () => idle.interrupt()));
      pollers.push(
        pollStream({
          streams,
          streamArn: Table!.LatestStreamArn!,
          batchSize: outboxRelay.batchSize,
          maxRetries: outboxRelay.maxRetries,
          checkpoints,
          invoke: relay,
          takes: relayTakes,
          log,
          idle,
        }),
      );
    }
  }

  async function stopPollers() {
    for (const timer of timers) clearInterval(timer);
    timers = [];
    for (const unsubscribe of unsubscribes) unsubscribe();
    unsubscribes = [];
    queueIdles = new Map();
    await Promise.all(pollers.map((poller) => poller.stop()));
    pollers = [];
  }

  if (options.pollers !== false) await startPollers();

  return {
    url: gateway.url,
    queues,
    env,
    runSchedule,
    startPollers,
    stopPollers,
    async settled(timeoutMs = 15_000) {
      const quiet = async () => {
        for (const table of outboxTables) {
          // The sparse index holds exactly the unpublished events: one item of it is enough.
          const { Count = 0 } = await dynamodb.send(new ScanCommand({ TableName: localTableName(options.prefix, table), IndexName: UNPUBLISHED_OUTBOX_INDEX, Limit: 1, Select: 'COUNT' }));
          if (Count > 0) return false;
        }
        for (const { queueUrl } of Object.values(queues)) {
          const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
          if (Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) > 0) return false;
        }
        return true;
      };
      const deadline = Date.now() + timeoutMs;
      while (!(await quiet())) {
        if (Date.now() > deadline) throw new Error(`The province was not quiet within ${timeoutMs} ms`);
        await sleep(100);
      }
    },
    holdConsumers(names) {
      for (const name of names) held.add(name);
      return () => {
        for (const name of names) {
          held.delete(name);
          for (const idle of queueIdles.get(name) ?? []) idle.interrupt();
        }
      };
    },
    async stop() {
      await stopPollers();
      await gateway.stop();
      dynamodb.destroy();
      sqs.destroy();
      streams.destroy();
    },
  };
}
