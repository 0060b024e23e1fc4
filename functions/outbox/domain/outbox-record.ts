import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { z } from 'zod';
import { EnvelopeSchema, type Envelope } from '../../../events/envelope.js';
import { eventsOfOutboxItem, outboxItemIdOfItem, relayTakes } from '../../../shared/outbox.js';

/** An outbox item as the relay and the sweep publish it: its id (to mark it) and its events. */
export interface OutboxEntry {
  id: string;
  events: Envelope[];
}

const EventsSchema = z.array(EnvelopeSchema).min(1);

/** The id and the events (validated) of an outbox item read back. */
export const outboxEntryOf = (item: Record<string, unknown>): OutboxEntry => ({ id: outboxItemIdOfItem(item), events: EventsSchema.parse(eventsOfOutboxItem(item)) });

/**
 * The outbox item a stream record carries, or undefined for every other record (state items,
 * and the removal of outbox items when their TTL expires).
 */
export function outboxEntry(record: DynamoDBRecord): OutboxEntry | undefined {
  if (!relayTakes(record)) return undefined;
  return outboxEntryOf(unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>));
}

/**
 * The table a stream record comes from, by the name in its stream ARN
 * (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`), or undefined.
 */
export function tableOfStream(streamArn: string | undefined): string | undefined {
  return streamArn?.match(/:table\/([^/]+)\/stream\//)?.[1];
}
