import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

export interface RedriveResult {
  /** Messages sent back to the source queue and deleted from the dead-letter queue. */
  moved: number;
  /** Messages whose send failed: they stay on the dead-letter queue for the next redrive. */
  failed: number;
}

/** How long a received batch stays hidden from other readers while it is being moved. */
const MOVE_VISIBILITY_SECONDS = 60;

/**
 * Moves every message of a dead-letter queue back to its source queue, after the bug that sent
 * them there is fixed: receive, send, delete, ten at a time. One code path for SQS and the
 * local emulator, which lacks StartMessageMoveTask. A message leaves the dead-letter queue only
 * once its copy was sent, so a crash in between leaves a duplicate (consumers apply an event
 * once, by its id), never a loss.
 */
export async function redrive(
  sqs: SQSClient,
  queues: { dlqUrl: string; queueUrl: string },
  onBatch: (moved: number) => void = () => undefined,
): Promise<RedriveResult> {
  const result: RedriveResult = { moved: 0, failed: 0 };
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: MOVE_VISIBILITY_SECONDS,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return result;
    const sent = await sendCopies(sqs, queues.queueUrl, Messages);
    result.failed += Messages.length - sent.length;
    if (sent.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queues.dlqUrl, Entries: sent.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle! })) }));
      result.moved += sent.length;
      onBatch(result.moved);
    }
    // A batch that moved nothing would come back after its visibility timeout: stop rather than spin.
    if (sent.length === 0) return result;
  }
}

/** Sends copies of `messages` (body and attributes) to `queueUrl`; answers the ones sent. */
async function sendCopies(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<Message[]> {
  const { Successful = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, i) => ({
        Id: String(i),
        MessageBody: message.Body ?? '',
        ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
      })),
    }),
  );
  return Successful.map((entry) => messages[Number(entry.Id)]!);
}

/** How long listed messages stay hidden, so that one listing reads each once; they are shown again right after. */
const PEEK_VISIBILITY_SECONDS = 30;

/**
 * Reads up to `max` messages of a dead-letter queue without removing them: each is received
 * (hidden while the listing goes on, so none is read twice) and then made visible again.
 */
export async function peek(sqs: SQSClient, dlqUrl: string, max = 100): Promise<Message[]> {
  const seen: Message[] = [];
  while (seen.length < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - seen.length),
        WaitTimeSeconds: 1,
        VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    if (Messages.length === 0) break;
    seen.push(...Messages);
  }
  for (let start = 0; start < seen.length; start += 10) {
    const batch = seen.slice(start, start + 10);
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: dlqUrl, Entries: batch.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 })) }));
  }
  return seen;
}
