import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_AWS_ENV } from './engines.js';

export interface Poller {
  stop(): Promise<void>;
}

type Invoke<TEvent, TResult> = (event: TEvent) => Promise<TResult>;

/** Runs `tick` until stopped; `tick` says whether it found work (else the loop idles a moment). */
function loop(name: string, tick: () => Promise<boolean>, log: (line: string) => void, idle: Idle = fixedIdle(200)): Poller {
  let running = true;
  const done = (async () => {
    while (running) {
      let busy = false;
      try {
        busy = await tick();
      } catch (error) {
        log(`${name}: ${(error as Error).name}: ${(error as Error).message}`);
      }
      if (running) await idle.after(busy);
    }
  })();
  return {
    async stop() {
      running = false;
      idle.interrupt();
      await done;
    },
  };
}

/** How a poller waits between ticks. */
export interface Idle {
  /** Waits after a tick: not at all after one that found work. */
  after(busy: boolean): Promise<void>;
  /** Ends the current wait at once (and the next one, if none is under way). */
  interrupt(): void;
}

function fixedIdle(ms: number): Idle {
  return wakeableIdle(ms, ms);
}

/**
 * Waits `firstMs` after an idle tick, doubling up to `longestMs` while ticks stay idle; an
 * interrupt ends the wait and starts over from `firstMs`, so a poller that is told of work
 * answers at once and one that is told nothing costs the engine little. With `gapMs`, a tick
 * never starts sooner than that after the previous one started, however busy it was or often
 * it is interrupted.
 */
export function wakeableIdle(firstMs: number, longestMs: number, { gapMs = 0 }: { gapMs?: number } = {}): Idle {
  let waitMs = firstMs;
  let rung = false;
  let wake: (() => void) | undefined;
  let tickStarted = performance.now();
  const waitOutGap = async () => {
    const early = gapMs - (performance.now() - tickStarted);
    if (early > 0) await sleep(early);
    tickStarted = performance.now();
  };
  return {
    async after(busy) {
      if (busy || rung) {
        rung = false;
        waitMs = firstMs;
        return waitOutGap();
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve();
        }, waitMs);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
      waitMs = rung ? firstMs : Math.min(waitMs * 2, longestMs);
      rung = false;
      return waitOutGap();
    },
    interrupt() {
      rung = true;
      wake?.();
    },
  };
}

/**
 * Feeds a queue to its consumer the way Lambda's SQS event source does: batches in Lambda's
 * record shape; messages the consumer reports in `batchItemFailures` (or all of them, when
 * it throws) stay on the queue and come back after the visibility timeout, until the queue's
 * redrive policy moves them to the DLQ. The rest are deleted.
 *
 * It asks without waiting (no long poll) and idles as `idle` says: the runtime wakes it when a
 * function sends to its queue. A long poll would hold a request open that a stop or a hold
 * cannot take back (the emulator would hand a message that arrives to the abandoned request),
 * and every one waiting keeps the emulator's timer of its queue firing every 20 ms.
 */
export function pollQueue(options: {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  /** While true, the queue is not read (its messages wait). */
  held?: () => boolean;
  invoke: Invoke<SQSEvent, SQSBatchResponse | void>;
  log: (line: string) => void;
  idle: Idle;
}): Poller {
  const { sqs, queueUrl } = options;
  return loop(`queue ${queueUrl}`, async () => {
    if (options.held?.()) return false;
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(options.batchSize, 10),
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return false;
    const event: SQSEvent = {
      Records: Messages.map((message) => ({
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body ?? '',
        attributes: message.Attributes as SQSEvent['Records'][number]['attributes'],
        messageAttributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
            name,
            { stringValue: value.StringValue, dataType: value.DataType ?? 'String', stringListValues: [], binaryListValues: [] },
          ]),
        ),
        md5OfBody: message.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: options.queueArn,
        awsRegion: LOCAL_AWS_ENV.AWS_REGION,
      })),
    };
    let failed: Set<string>;
    try {
      const result = await options.invoke(event);
      failed = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      options.log(`consumer of ${queueUrl} failed its whole batch: ${(error as Error).message}`);
      return true;
    }
    const succeeded = Messages.filter((message) => !failed.has(message.MessageId!));
    if (succeeded.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle! })),
        }),
      );
    }
    return true;
  }, options.log, options.idle);
}

/** How often a stream poller looks for new shards, besides when one of its shards closes. */
const SHARDS_REFRESH_MS = 60_000;

/** Where each shard of a stream was read up to: the last sequence number its consumer finished. */
export type Checkpoints = Map<string, string>;

/**
 * An image as Lambda delivers it: the event is JSON, so binary attributes arrive as base64 text,
 * where the SDK's GetRecords gives bytes.
 */
function lambdaImage(image: unknown) {
  if (image === undefined) return undefined;
  // A Buffer turns itself into `{ type: 'Buffer', data }` before the replacer sees it.
  const base64 = (_: string, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : isSerializedBuffer(value) ? Buffer.from(value.data).toString('base64') : value;
  return JSON.parse(JSON.stringify(image, base64));
}

const isSerializedBuffer = (value: unknown): value is { type: 'Buffer'; data: number[] } =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data);

/** A stream record as Lambda hands it to a function (exported for its test). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { dynamodb } = record;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_AWS_ENV.AWS_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: dynamodb?.ApproximateCreationDateTime
        ? Math.floor(dynamodb.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
      Keys: lambdaImage(dynamodb?.Keys),
      NewImage: lambdaImage(dynamodb?.NewImage),
      OldImage: lambdaImage(dynamodb?.OldImage),
      SequenceNumber: dynamodb?.SequenceNumber,
      SizeBytes: dynamodb?.SizeBytes,
      StreamViewType: dynamodb?.StreamViewType as never,
    },
  };
}

/**
 * Feeds a table's stream to a function the way Lambda's DynamoDB event source does, with
 * `ReportBatchItemFailures`: a batch that throws is retried whole, a reported failure is
 * retried from that record on, and after `maxRetries` the batch is skipped and logged (the
 * deployed stack sends its metadata to the relay's failure queue; in both, the outbox sweep
 * later publishes the events it held). Progress is kept in `checkpoints`:
 * a poller started again with the same checkpoints resumes where the last one stopped.
 */
export function pollStream(options: {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  batchSize: number;
  maxRetries: number;
  checkpoints: Checkpoints;
  invoke: Invoke<{ Records: DynamoDBRecord[] }, DynamoDBBatchResponse | void>;
  /** The event source's filter: records it does not take are passed over, never delivered. */
  takes?: (record: StreamRecord) => boolean;
  log: (line: string) => void;
  /** How it waits when its stream has nothing new (by default, 200 ms). */
  idle?: Idle;
}): Poller {
  const { streams, streamArn, checkpoints } = options;
  const iterators = new Map<string, string | null>();
  const attempts = new Map<string, number>();
  /** A shard ran out (no next iterator): its successor is to be found. */
  let shardClosed = false;
  const nextIterator = (shardId: string, next: string | undefined) => {
    iterators.set(shardId, next ?? null);
    if (!next) shardClosed = true;
  };

  async function iteratorFor(shardId: string): Promise<string | null> {
    if (iterators.has(shardId)) return iterators.get(shardId)!;
    const after = checkpoints.get(shardId);
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        SequenceNumber: after,
      }),
    );
    iterators.set(shardId, ShardIterator ?? null);
    return ShardIterator ?? null;
  }

  async function readShard(shardId: string): Promise<boolean> {
    const iterator = await iteratorFor(shardId);
    if (iterator === null) return false;
    let page;
    try {
      page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize }));
    } catch (error) {
      // An iterator taken on an empty shard goes stale in DynamoDB Local once records arrive
      // (TrimmedDataAccessException), and any iterator expires after 15 minutes: take a new one.
      if (!['TrimmedDataAccessException', 'ExpiredIteratorException'].includes((error as Error).name)) throw error;
      iterators.delete(shardId);
      return true;
    }
    const { Records = [], NextShardIterator } = page;
    if (Records.length === 0) {
      nextIterator(shardId, NextShardIterator);
      return false;
    }
    const taken = options.takes ? Records.filter(options.takes) : Records;
    let firstFailed: string | undefined;
    try {
      // As Lambda does, a batch the filter leaves empty invokes nothing and is done.
      const result = taken.length === 0 ? undefined : await options.invoke({ Records: taken.map((record) => toLambdaRecord(record, streamArn)) });
      firstFailed = result?.batchItemFailures?.[0]?.itemIdentifier;
    } catch (error) {
      options.log(`stream consumer failed its whole batch: ${(error as Error).message}`);
      firstFailed = taken[0]!.dynamodb!.SequenceNumber;
    }
    const failedAt = firstFailed === undefined ? -1 : Records.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailed);
    const tries = (attempts.get(shardId) ?? 0) + 1;
    if (failedAt === -1 || tries > options.maxRetries) {
      if (failedAt !== -1) options.log(`stream batch from ${firstFailed} skipped after ${options.maxRetries} retries`);
      checkpoints.set(shardId, Records.at(-1)!.dynamodb!.SequenceNumber!);
      attempts.delete(shardId);
      nextIterator(shardId, NextShardIterator);
      return true;
    }
    // Retry from the failed record: everything before it is done.
    if (failedAt > 0) checkpoints.set(shardId, Records[failedAt - 1]!.dynamodb!.SequenceNumber!);
    attempts.set(shardId, failedAt > 0 ? 1 : tries);
    iterators.delete(shardId);
    await sleep(Math.min(2000, 100 * 2 ** tries));
    return true;
  }

  // Shards change rarely (DynamoDB Local opens one every few hours): describing the stream on
  // every poll would double the engine's idle load, so its shards are looked up when it has
  // none yet, when one of them closed, and now and then.
  let shards: string[] = [];
  let describedAt = -Infinity;
  return loop(`stream ${streamArn}`, async () => {
    if (shards.length === 0 || shardClosed || performance.now() - describedAt > SHARDS_REFRESH_MS) {
      shardClosed = false;
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      shards = (StreamDescription?.Shards ?? []).map((shard) => shard.ShardId!);
      describedAt = performance.now();
    }
    let busy = false;
    for (const shard of shards) busy = (await readShard(shard)) || busy;
    return busy;
  }, options.log, options.idle);
}
