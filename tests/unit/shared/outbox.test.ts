import { describe, expect, it } from 'vitest';
import { envelope } from '../../../events/envelope.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { outboxPut } from '../../../shared/dynamo.js';
import {
  markPublishedUpdate,
  OUTBOX_RETENTION_SECONDS,
  unpublishedOutboxIndex,
  unpublishedPartitionOf,
  unpublishedPartitions,
} from '../../../shared/outbox.js';

const event = envelope(
  OrgCreatedV1,
  { orgId: 'o', name: '工会', kind: 'joint_union', parentId: 'p', ancestors: ['p'], regionCode: '350203' },
  { province: '35', now: new Date('2026-11-23T00:00:00Z'), id: 'evt-1' },
);

describe('outboxPut()', () => {
  it('writes the event unpublished: in the sweep\'s index from when it occurred, with no TTL', () => {
    const item = outboxPut('orgs', event).Put!.Item!;
    expect(item).toEqual({
      pk: 'OUTBOX#evt-1',
      sk: 'EVENT',
      event,
      [unpublishedOutboxIndex.partitionKey]: unpublishedPartitionOf('evt-1'),
      [unpublishedOutboxIndex.sortKey]: '2026-11-23T00:00:00.000Z',
    });
    expect(item).not.toHaveProperty('expiresAt');
  });
});

describe('unpublishedPartitionOf()', () => {
  it('puts an event in the same partition every time, one the sweep queries', () => {
    expect(unpublishedPartitionOf('evt-1')).toBe(unpublishedPartitionOf('evt-1'));
    expect(unpublishedPartitions()).toContain(unpublishedPartitionOf('evt-1'));
  });

  it('spreads random event ids over every partition', () => {
    const used = new Set(Array.from({ length: 200 }, () => unpublishedPartitionOf(crypto.randomUUID())));
    expect([...used].sort()).toEqual([...unpublishedPartitions()].sort());
  });
});

describe('markPublishedUpdate()', () => {
  it('takes the item out of the sweep\'s index and keeps it a week from publication', () => {
    const now = new Date('2026-11-23T00:05:00Z');
    const update = markPublishedUpdate('orgs', 'evt-1', now);
    expect(update).toMatchObject({ TableName: 'orgs', Key: { pk: 'OUTBOX#evt-1', sk: 'EVENT' }, ConditionExpression: 'attribute_exists(pk)' });
    expect(update.UpdateExpression).toBe('REMOVE #state, #since SET #publishedAt = :publishedAt, #expiresAt = :expiresAt');
    expect(update.ExpressionAttributeNames).toEqual({
      '#state': 'outboxState',
      '#since': 'unpublishedSince',
      '#publishedAt': 'publishedAt',
      '#expiresAt': 'expiresAt',
    });
    expect(update.ExpressionAttributeValues).toEqual({
      ':publishedAt': '2026-11-23T00:05:00.000Z',
      ':expiresAt': now.getTime() / 1000 + OUTBOX_RETENTION_SECONDS,
    });
  });
});
