import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { outboxPorts, outboxTableNames } from '../dependencies.js';
import { outboxEvent, tableOfStream } from '../domain/outbox-record.js';
import { publishEvent } from '../use-cases/publish-event.js';

const processor = new BatchProcessor(EventType.DynamoDBStreams);
const ports = outboxPorts();

/**
 * Publishes each new outbox item to the queue of every consumer subscribed to its type, then
 * marks it published. A record that fails is reported so the stream retries from it; a retry
 * may publish an event twice, which consumers absorb because they are idempotent on the event
 * id. What the stream gives up on stays unpublished, and the sweep publishes it.
 */
async function relayRecord(record: DynamoDBRecord): Promise<void> {
  const event = outboxEvent(record);
  if (!event) return;
  const table = tableOfStream(record.eventSourceARN);
  // Only a table this function was bound to can be marked: anything else is a wiring mistake.
  if (!table || !outboxTableNames().includes(table)) throw new Error(`Stream ${record.eventSourceARN} is not of an outbox table`);
  const { subscribers } = await publishEvent({ table, event }, new Date(), ports);
  logger.info('Event relayed', { eventId: event.id, type: event.type, subscribers });
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event: DynamoDBStreamEvent, context: Context) =>
    processPartialResponse(event, relayRecord, processor, { context, throwOnFullBatchFailure: false }),
  );
