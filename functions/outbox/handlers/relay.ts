import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { outboxPorts, outboxTableNames } from '../dependencies.js';
import { outboxEntry, tableOfStream } from '../domain/outbox-record.js';
import { publishEntry } from '../use-cases/publish-entry.js';

const processor = new BatchProcessor(EventType.DynamoDBStreams);
const ports = outboxPorts();

/**
 * Publishes the events of each new outbox item to the queue of every consumer subscribed to
 * their type, then marks the item published. A record that fails is reported so the stream
 * retries from it; a retry may publish an event twice, which consumers absorb because they are
 * idempotent on the event id. What the stream gives up on stays unpublished, and the sweep
 * publishes it.
 */
async function relayRecord(record: DynamoDBRecord): Promise<void> {
  const entry = outboxEntry(record);
  if (!entry) return;
  const table = tableOfStream(record.eventSourceARN);
  // Only a table this function was bound to can be marked: anything else is a wiring mistake.
  if (!table || !outboxTableNames().includes(table)) throw new Error(`Stream ${record.eventSourceARN} is not of an outbox table`);
  await publishEntry({ table, entry }, new Date(), ports);
  for (const event of entry.events) logger.info('Event relayed', { eventId: event.id, type: event.type, outboxItem: entry.id, subscribers: ports.subscribersOf(event.type) });
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event: DynamoDBStreamEvent, context: Context) =>
    processPartialResponse(event, relayRecord, processor, { context, throwOnFullBatchFailure: false }),
  );
