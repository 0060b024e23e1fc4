import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { EnvelopeSchema, type Envelope, type EventContract } from '../../events/envelope.js';
import { describeError, logger } from '../logger.js';
import { publishBusinessMetrics } from '../metrics-emf.js';

/** What a consumer does with each event type it subscribes to. */
export type EventHandlers<TContracts extends readonly EventContract<z.ZodType>[]> = {
  [C in TContracts[number] as C['type']]: (data: z.output<C['schema']>, event: Envelope) => Promise<void>;
};

/**
 * Parses a queue message into its envelope and the data its contract describes. A message
 * that does not parse throws: it is retried and, after maxReceiveCount, lands in the DLQ.
 */
export function parseEvent(body: string, contracts: readonly EventContract<z.ZodType>[]): Envelope {
  const event = EnvelopeSchema.parse(JSON.parse(body));
  const contract = contracts.find((c) => c.type === event.type && c.version === event.version);
  if (!contract) throw new Error(`No contract for ${event.type} v${event.version}`);
  return { ...event, data: contract.schema.parse(event.data) };
}

/**
 * An SQS consumer: each record is parsed and handed to the handler for its event type;
 * records that fail are reported in `batchItemFailures` so only they are retried.
 * Handlers must be idempotent on the event id (see `applyOnce`): delivery is at least once.
 *
 * @example
 * export const handler = sqsConsumer([OrgCreatedV1], { OrgCreated: (data, event) => project(data, event) });
 */
export function sqsConsumer<const TContracts extends readonly EventContract<z.ZodType>[]>(
  contracts: TContracts,
  handlers: NoInfer<EventHandlers<TContracts>>,
) {
  const byType = handlers as Record<string, (data: unknown, event: Envelope) => Promise<void>>;
  return batchConsumer(async (record) => {
    try {
      const event = parseEvent(record.body, contracts);
      await byType[event.type]!(event.data, event);
      logger.debug('Event applied', { messageId: record.messageId, eventId: event.id, type: event.type });
    } catch (error) {
      logger.warn('Event failed', { messageId: record.messageId, ...describeError(error) });
      throw error;
    }
  });
}

/**
 * A consumer of tasks its own service sent (see `takesTasks` in the topology): each record's
 * body is parsed by `schema` and handed to `handle`; records that fail are reported in
 * `batchItemFailures`. Tasks, like events, come at least once: `handle` must be idempotent.
 *
 * @example
 * export const handler = taskConsumer(RosterTaskSchema, (task) => runStep(task, ports));
 */
export function taskConsumer<TSchema extends z.ZodType>(schema: TSchema, handle: (task: z.output<TSchema>) => Promise<void>) {
  return batchConsumer(async (record) => {
    try {
      await handle(schema.parse(JSON.parse(record.body)));
      logger.debug('Task done', { messageId: record.messageId });
    } catch (error) {
      logger.warn('Task failed', { messageId: record.messageId, ...describeError(error) });
      throw error;
    }
  });
}

/** Lambda's SQS batch shape with partial failures, for events and tasks alike. */
function batchConsumer(handleRecord: (record: SQSRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishBusinessMetrics())
    .handler((event: SQSEvent, context: Context) =>
      processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false }),
    );
}
