import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { EnvelopeSchema, type Envelope } from '../../../events/envelope.js';
import { eventOfOutboxItem, relayTakes } from '../../../shared/outbox.js';

/**
 * The event an outbox item's stream record carries, or undefined for every other record
 * (state items, and the removal of outbox items when their TTL expires).
 */
export function outboxEvent(record: DynamoDBRecord): Envelope | undefined {
  if (!relayTakes(record)) return undefined;
  const image = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
  return EnvelopeSchema.parse(eventOfOutboxItem(image));
}

/**
 * The table a stream record comes from, by the name in its stream ARN
 * (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`), or undefined.
 */
export function tableOfStream(streamArn: string | undefined): string | undefined {
  return streamArn?.match(/:table\/([^/]+)\/stream\//)?.[1];
}
