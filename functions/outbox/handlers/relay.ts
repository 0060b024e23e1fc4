import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { subscribersOf } from '../../services.js';
import { queueUrlOf } from '../../../shared/config.js';
import { logger } from '../../../shared/logger.js';
import { sendEvent, sqsClient } from '../../../shared/sqs.js';
import { outboxEvent } from '../domain/outbox-record.js';

const processor = new BatchProcessor(EventType.DynamoDBStreams);
const sqs = sqsClient();

/**
 * Publishes each outbox item to the queue of every consumer subscribed to its type. A record
 * that fails is reported so the stream retries from it; a retry may publish an event twice,
 * which consumers absorb because they are idempotent on the event id.
 */
async function relayRecord(record: DynamoDBRecord): Promise<void> {
  const event = outboxEvent(record);
  if (!event) return;
  const subscribers = subscribersOf(event.type);
  await Promise.all(subscribers.map((consumer) => sendEvent(sqs, queueUrlOf(consumer), event)));
  logger.info('Event relayed', { eventId: event.id, type: event.type, subscribers });
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event: DynamoDBStreamEvent, context: Context) =>
    processPartialResponse(event, relayRecord, processor, { context, throwOnFullBatchFailure: false }),
  );
