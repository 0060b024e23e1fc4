import { marshall } from '@aws-sdk/util-dynamodb';
import { randomBytes } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { outboxEntry, tableOfStream } from '../../../functions/outbox/domain/outbox-record.js';
import { envelope } from '../../../events/envelope.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { RiderStatusChangedV2 } from '../../../events/rider-status-changed.v2.js';
import { OUTBOX_EVENTS_PER_ITEM, OUTBOX_GZIP_ABOVE_BYTES, eventsOfOutboxItem, outboxItem, unpublishedOutboxIndex } from '../../../shared/outbox.js';

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

/** A stream record's image as Lambda hands it over: binary attributes as base64 text. */
function asLambdaSendsIt(item: Record<string, unknown>): DynamoDBRecord {
  const image = marshall(item) as Record<string, { B?: Uint8Array }>;
  const base64 = Object.fromEntries(Object.entries(image).map(([name, value]) => [name, value.B ? { B: Buffer.from(value.B).toString('base64') } : value]));
  return { eventName: 'INSERT', dynamodb: { Keys: marshall({ pk: item.pk, sk: item.sk }) as never, NewImage: base64 as never } };
}

/** The largest announcement a roster step makes: 100 riders, each with two incompressible blind indexes. */
const largestAnnouncement = (n: number) =>
  envelope(
    RiderStatusChangedV2,
    {
      riders: Array.from({ length: 100 }, (_, i) => ({
        partnerId: 'acct_0123456789abcdef0123456789abcdef',
        platform: '某某即时配送平台',
        riderId: `RIDER-${n}-${i}`,
        personIndex: randomBytes(32).toString('base64url'),
        contactIndex: randomBytes(32).toString('base64url'),
        status: 'active' as const,
        regionCode: '350203',
        station: '思明区莲前街道骑手驿站',
        maskedName: '张*',
        maskedMobile: '138****0001',
      })),
    },
    { province: '35', now: new Date('2026-11-23T00:00:00Z') },
  );

describe('outboxEntry()', () => {
  it('returns the one event of an inserted outbox item, keyed by the event id', () => {
    expect(outboxEntry(record('INSERT', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event }))).toEqual({ id: 'evt-1', events: [event] });
  });

  it('opens a large event stored gzipped, whose bytes a Lambda stream record carries as base64 text', () => {
    const large = { ...event, data: { ...event.data, name: '工会'.repeat(OUTBOX_GZIP_ABOVE_BYTES) } };
    const item = outboxItem([large]);
    expect(item).not.toHaveProperty('event');
    expect(JSON.stringify(marshall(item)).length).toBeLessThan(OUTBOX_GZIP_ABOVE_BYTES);
    expect(outboxEntry(asLambdaSendsIt(item))).toEqual({ id: 'evt-1', events: [large] });
    // Read back through the SDK, the same attribute is bytes.
    expect(eventsOfOutboxItem(item)).toEqual([large]);
  });

  it('keeps a small event as a map, readable in the console', () => {
    expect(outboxItem([event])).toMatchObject({ event });
    expect(outboxItem([event])).not.toHaveProperty('eventGzip');
  });

  it('ignores state items and the TTL removal of outbox items', () => {
    expect(outboxEntry(record('INSERT', { pk: 'ORG#o', sk: 'ORG', name: 'x' }))).toBeUndefined();
    expect(outboxEntry(record('REMOVE', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event }))).toBeUndefined();
    expect(outboxEntry(record('MODIFY', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event }))).toBeUndefined();
  });

  it('refuses an event that is not an envelope, rather than publish it', () => {
    expect(() => outboxEntry(record('INSERT', { pk: 'OUTBOX#evt-1', sk: 'EVENT', event: { ...event, type: undefined } }))).toThrow();
  });
});

describe('outboxItem() of several events', () => {
  const later = (id: string, at: string) => ({ ...event, id, occurredAt: at });
  const events = [later('evt-b', '2026-11-23T00:00:02.000Z'), later('evt-a', '2026-11-23T00:00:01.000Z'), later('evt-c', '2026-11-23T00:00:03.000Z')];

  it('holds them in their order under one key named by their ids, the same key when written again', () => {
    const item = outboxItem(events);
    expect(item.pk).toBe(outboxItem(events.map((e) => ({ ...e, occurredAt: '2026-11-24T00:00:00.000Z' }))).pk);
    expect(item.pk).not.toBe(outboxItem(events.slice(0, 2)).pk);
    expect(outboxEntry(record('INSERT', item))).toEqual({ id: String(item.pk).slice('OUTBOX#'.length), events });
  });

  it('is in the sweep\'s index from its earliest event on', () => {
    expect(outboxItem(events)[unpublishedOutboxIndex.sortKey]).toBe('2026-11-23T00:00:01.000Z');
  });

  it('fits the most announcements an item holds, each of the largest size, inside DynamoDB\'s 400 KB item, readable as Lambda sends it', () => {
    const announcements = Array.from({ length: OUTBOX_EVENTS_PER_ITEM }, (_, n) => largestAnnouncement(n));
    const item = outboxItem(announcements);
    const { eventsGzip, ...rest } = item as { eventsGzip: Uint8Array };
    // DynamoDB counts an item's attribute names and values: the gzip's bytes, and the few small attributes beside it.
    expect(eventsGzip.byteLength + JSON.stringify(rest).length).toBeLessThan(400 * 1024);
    expect(outboxEntry(asLambdaSendsIt(item))?.events).toEqual(announcements);
  });

  it('holds one to OUTBOX_EVENTS_PER_ITEM events', () => {
    expect(() => outboxItem([])).toThrow(RangeError);
    expect(() => outboxItem(Array.from({ length: OUTBOX_EVENTS_PER_ITEM + 1 }, (_, i) => later(`evt-${i}`, event.occurredAt)))).toThrow(RangeError);
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
