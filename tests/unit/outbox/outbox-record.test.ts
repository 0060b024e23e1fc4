import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { outboxEvent, tableOfStream } from '../../../functions/outbox/domain/outbox-record.js';
import { envelope } from '../../../events/envelope.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { OUTBOX_GZIP_ABOVE_BYTES, eventOfOutboxItem, outboxItem } from '../../../shared/outbox.js';

const event = envelope(
  OrgCreatedV1,
  { orgId: 'o', name: '工会', kind: 'joint_union', parentId: 'p', ancestors: ['p'], regionCode: '350203' },
  { province: '35', now: new Date('2026-11-23T00:00:00Z'), id: 'evt-1' },
);

const record = (eventName: DynamoDBRecord['eventName'], item: Record<string, unknown>): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
    NewImage: marshall(item, { removeUndefinedValues: true }) as never,
  },
});

describe('outboxEvent()', () => {
  it('returns the envelope of an inserted outbox item', () => {
    expect(outboxEvent(record('INSERT', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event }))).toEqual(event);
  });

  it('opens a large event stored gzipped, whose bytes a Lambda stream record carries as base64 text', () => {
    const large = { ...event, data: { ...event.data, name: '工会'.repeat(OUTBOX_GZIP_ABOVE_BYTES) } };
    const item = outboxItem(large);
    expect(item).not.toHaveProperty('event');
    expect(JSON.stringify(marshall(item)).length).toBeLessThan(OUTBOX_GZIP_ABOVE_BYTES);
    const image = marshall(item) as Record<string, { B?: Uint8Array }>;
    const asLambdaSendsIt = { ...image, eventGzip: { B: Buffer.from(image.eventGzip!.B!).toString('base64') } };
    expect(outboxEvent({ eventName: 'INSERT', dynamodb: { Keys: marshall({ pk: item.pk, sk: item.sk }) as never, NewImage: asLambdaSendsIt as never } })).toEqual(large);
    // Read back through the SDK, the same attribute is bytes.
    expect(eventOfOutboxItem(item)).toEqual(large);
  });

  it('keeps a small event as a map, readable in the console', () => {
    expect(outboxItem(event)).toMatchObject({ event });
    expect(outboxItem(event)).not.toHaveProperty('eventGzip');
  });

  it('ignores state items and the TTL removal of outbox items', () => {
    expect(outboxEvent(record('INSERT', { pk: 'ORG#o', sk: 'ORG', name: 'x' }))).toBeUndefined();
    expect(outboxEvent(record('REMOVE', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event }))).toBeUndefined();
    expect(outboxEvent(record('MODIFY', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event }))).toBeUndefined();
  });
});

describe('tableOfStream()', () => {
  it('reads the table name from a stream ARN, in AWS and in DynamoDB Local', () => {
    expect(tableOfStream('arn:aws-cn:dynamodb:cn-north-1:123456789012:table/UnionServices-fujian-OrgsTable1A2B-XYZ/stream/2026-11-23T00:00:00.000')).toBe('UnionServices-fujian-OrgsTable1A2B-XYZ');
    expect(tableOfStream('arn:aws:dynamodb:ddblocal:000000000000:table/t1234abcd-orgs/stream/2026-11-23T00:00:00.000')).toBe('t1234abcd-orgs');
  });

  it('finds none where there is no stream ARN', () => {
    expect(tableOfStream(undefined)).toBeUndefined();
    expect(tableOfStream('arn:aws:sqs:cn-north-1:123456789012:queue')).toBeUndefined();
  });
});
