import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Envelope } from '../events/envelope.js';

let shared: SQSClient | undefined;

/**
 * The SQS client, created once per container; `AWS_ENDPOINT_URL_SQS` points it at the emulator
 * locally. Requests go to the configured endpoint, not to the host inside a queue URL: in AWS
 * they are the same, and the emulator's queue URLs name a host that does not resolve.
 */
export function sqsClient(): SQSClient {
  shared ??= new SQSClient({ useQueueUrlAsEndpoint: false });
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
