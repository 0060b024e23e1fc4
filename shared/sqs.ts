import { SQSClient, SendMessageBatchCommand, SendMessageCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { withoutSdkLogging } from './aws-sdk.js';
import { withRetries } from './retry.js';
import type { Envelope } from '../events/envelope.js';

let shared: SQSClient | undefined;

/**
 * The SQS client, created once per container; `AWS_ENDPOINT_URL_SQS` points it at the emulator
 * locally. Requests go to the configured endpoint, not to the host inside a queue URL: in AWS
 * they are the same, and the emulator's queue URLs name a host that does not resolve.
 */
export function sqsClient(): SQSClient {
  shared ??= withoutSdkLogging(new SQSClient({ useQueueUrlAsEndpoint: false }));
  return shared;
}

/** Sends one event to a queue, its type as a message attribute for filtering and tracing. */
export async function sendEvent(client: SQSClient, queueUrl: string, event: Envelope): Promise<void> {
  await client.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(event),
      MessageAttributes: { eventType: { DataType: 'String', StringValue: `${event.type}.v${event.version}` } },
    }),
  );
}

/** Entries of a batch SQS refused (throttled or failed on its side): sent again. */
class EntriesRefusedError extends Error {}

/** SendMessageBatch takes at most ten entries. */
const MESSAGES_PER_BATCH = 10;

/**
 * Sends tasks to a queue of its own service, ten to a request. SQS may accept a batch in part;
 * the entries it refused are sent again a bounded number of times, then the send fails (the
 * caller's message comes back, and sending its tasks again is harmless: a task is idempotent).
 * `delaySeconds` (0-900) holds them back, as a retry's backoff does.
 */
export async function sendTasks(client: SQSClient, queueUrl: string, tasks: readonly unknown[], delaySeconds?: number): Promise<void> {
  for (let start = 0; start < tasks.length; start += MESSAGES_PER_BATCH) {
    let entries: SendMessageBatchRequestEntry[] = tasks
      .slice(start, start + MESSAGES_PER_BATCH)
      .map((task, i) => ({ Id: String(i), MessageBody: JSON.stringify(task), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) }));
    await withRetries(
      async () => {
        const { Failed = [] } = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        if (Failed.length === 0) return;
        const refused = new Set(Failed.map((failure) => failure.Id));
        entries = entries.filter((entry) => refused.has(entry.Id));
        throw new EntriesRefusedError(`SQS refused ${Failed.length} of the tasks: ${Failed[0]!.Code}`);
      },
      { times: 5, isRetryable: (error) => error instanceof EntriesRefusedError, pauseMs: 200 },
    );
  }
}
