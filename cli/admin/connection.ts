import { existsSync, readFileSync } from 'node:fs';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unionClient, type UnionClient } from '../../client/index.js';
import { LOCAL_AWS_ENV } from '../../local/engines.js';
import { localDlqName, localQueueName } from '../../local/provision.js';
import type { Demo } from '../../local/seed.js';
import { consumers, type ConsumerName } from '../../functions/services.js';

/** A mistake of the person at the terminal (no API, no credentials, a bad argument): exit code 2. */
export class UsageError extends Error {}

/** What the CLI reads besides its arguments; tests pass their own. */
export interface Surroundings {
  env: Readonly<Record<string, string | undefined>>;
  /** `.local/demo.json`, which `npm start` writes. */
  demoFile: string;
}

function readDemo(file: string): Demo | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Demo) : undefined;
}

/**
 * The API and credentials to use: `--url` or `UNION_API_URL`; `UNION_TOKEN` (a staff JWT) or
 * `UNION_API_KEY`. With neither credential, against the local province (no URL, or the demo's),
 * the province admin token of `.local/demo.json`.
 */
export function apiClient(url: string | undefined, { env, demoFile }: Surroundings): UnionClient {
  const demo = readDemo(demoFile);
  const baseUrl = url ?? env.UNION_API_URL ?? demo?.apiUrl;
  if (!baseUrl) throw new UsageError('No API to talk to: pass --url or set UNION_API_URL (or run `npm start`, which writes .local/demo.json)');
  if (env.UNION_TOKEN) return unionClient({ baseUrl, token: env.UNION_TOKEN });
  if (env.UNION_API_KEY) return unionClient({ baseUrl, apiKey: env.UNION_API_KEY });
  if (demo && demo.apiUrl === baseUrl) return unionClient({ baseUrl, token: demo.tokens.provinceAdmin });
  throw new UsageError(`No credentials for ${baseUrl}: set UNION_TOKEN (a staff JWT) or UNION_API_KEY`);
}

export interface QueueOptions {
  queueUrl?: string;
  dlqUrl?: string;
  queuePrefix?: string;
  sqsEndpoint?: string;
}

/**
 * A consumer's queue and dead-letter queue. Deployed, their URLs are given (`--queue-url`,
 * `--dlq-url`; CDK names the queues) and the AWS SDK's usual credentials apply. Locally, they
 * are found by the local runtime's names on the emulator of `.local/demo.json`.
 */
export async function consumerQueues(
  consumer: string,
  options: QueueOptions,
  { env, demoFile }: Surroundings,
): Promise<{ sqs: SQSClient; queueUrl: string; dlqUrl: string }> {
  if (!(consumer in consumers)) throw new UsageError(`No consumer ${consumer}; the consumers are ${Object.keys(consumers).sort().join(', ')}`);
  const demo = readDemo(demoFile);
  const endpoint = options.sqsEndpoint ?? env.UNION_SQS_ENDPOINT ?? (options.dlqUrl ? undefined : demo?.endpoints.sqs);
  const sqs = endpoint
    ? new SQSClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY } })
    : new SQSClient({});
  if (options.queueUrl && options.dlqUrl) return { sqs, queueUrl: options.queueUrl, dlqUrl: options.dlqUrl };
  if (options.queueUrl || options.dlqUrl) throw new UsageError('Pass both --queue-url and --dlq-url, or neither');
  if (!endpoint) throw new UsageError('Pass --queue-url and --dlq-url of a deployed stack, or --sqs-endpoint (UNION_SQS_ENDPOINT) of a local one');
  const prefix = options.queuePrefix ?? demo?.prefix;
  if (prefix === undefined) throw new UsageError('Pass --queue-prefix: the local runtime names queues <prefix><consumer>');
  const urlOf = async (QueueName: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl!;
  const name = consumer as ConsumerName;
  return { sqs, queueUrl: await urlOf(localQueueName(prefix, name)), dlqUrl: await urlOf(localDlqName(prefix, name)) };
}
