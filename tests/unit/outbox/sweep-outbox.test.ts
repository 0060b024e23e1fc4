import { describe, expect, it } from 'vitest';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { dueBefore, SWEEP_GRACE_MINUTES, SWEEP_LIMIT_PER_PARTITION } from '../../../functions/outbox/domain/sweep.js';
import { publishEntry, PublishFailedError } from '../../../functions/outbox/use-cases/publish-entry.js';
import { sweepOutbox, type SweepPorts } from '../../../functions/outbox/use-cases/sweep-outbox.js';
import { outboxItem, outboxItemIdOf, unpublishedOutboxIndex, unpublishedPartitionOf } from '../../../shared/outbox.js';

const minutes = (n: number) => n * 60_000;
const t0 = new Date('2026-11-23T08:00:00Z');
const at = (offsetMs: number) => new Date(t0.getTime() + offsetMs);

const orgCreated = (id: string, occurredAt: Date) =>
  envelope(
    OrgCreatedV1,
    { orgId: `org_${id}`, name: '工会', kind: 'joint_union', parentId: 'p', ancestors: ['p'], regionCode: '350203' },
    { province: '35', now: occurredAt, id },
  );

/**
 * An in-memory outbox of one table, holding items as `outboxPut` (one event) and a roster step
 * (several) write them and answering the index query as DynamoDB would (partition, sort key
 * bound, oldest first, limit); queues record what they were sent, and a consumer can be made
 * to refuse.
 */
function memoryOutbox(written: (Envelope | Envelope[])[], subscribers = ['statsProjector', 'membershipOrgProjector']) {
  const items = new Map<string, Record<string, unknown> & { held: Envelope[] }>(
    written.map((events) => [outboxItemIdOf([events].flat()), { ...outboxItem([events].flat()), held: [events].flat() }]),
  );
  const sent: { consumer: string; eventId: string }[] = [];
  /** `consumer` refuses every event, `consumer:eventId` only that one. */
  const refusing = new Set<string>();
  const ports: SweepPorts = {
    tables: ['orgs'],
    subscribersOf: () => subscribers,
    send: async (consumer, event) => {
      if (refusing.has(consumer) || refusing.has(`${consumer}:${event.id}`)) throw Object.assign(new Error('queue unavailable'), { name: 'QueueUnavailable' });
      sent.push({ consumer, eventId: event.id });
    },
    outbox: {
      markPublished: async (table, itemId, now) => {
        expect(table).toBe('orgs');
        const item = items.get(itemId)!;
        delete item[unpublishedOutboxIndex.partitionKey];
        delete item[unpublishedOutboxIndex.sortKey];
        item.publishedAt = now.toISOString();
      },
      listUnpublished: async (_table, partition, before, limit) => {
        const due = [...items.values()]
          .filter((item) => item[unpublishedOutboxIndex.partitionKey] === partition && (item[unpublishedOutboxIndex.sortKey] as string) <= before)
          .sort((a, b) => (a[unpublishedOutboxIndex.sortKey] as string).localeCompare(b[unpublishedOutboxIndex.sortKey] as string));
        return { entries: due.slice(0, limit).map((item) => ({ id: outboxItemIdOf(item.held), events: item.held })), more: due.length > limit };
      },
    },
  };
  const published = (itemId: string) => items.get(itemId)!.publishedAt;
  return { ports, sent, refusing, published };
}

describe('dueBefore()', () => {
  it('lets the relay have the grace period before the sweep takes an item over', () => {
    expect(dueBefore(t0)).toBe(at(-minutes(SWEEP_GRACE_MINUTES)).toISOString());
  });
});

describe('publishEntry()', () => {
  const entryOf = (...events: Envelope[]) => ({ id: outboxItemIdOf(events), events });

  it('marks the item published only after every subscriber\'s queue took the event', async () => {
    const event = orgCreated('evt-a', t0);
    const { ports, sent, published } = memoryOutbox([event]);
    await publishEntry({ table: 'orgs', entry: entryOf(event) }, at(1000), ports);
    expect(sent).toEqual([{ consumer: 'statsProjector', eventId: 'evt-a' }, { consumer: 'membershipOrgProjector', eventId: 'evt-a' }]);
    expect(published('evt-a')).toBe(at(1000).toISOString());
  });

  it('leaves the item unpublished when one queue refuses, even though the others took it', async () => {
    const event = orgCreated('evt-a', t0);
    const { ports, sent, refusing, published } = memoryOutbox([event]);
    refusing.add('membershipOrgProjector');
    const failure = await publishEntry({ table: 'orgs', entry: entryOf(event) }, at(1000), ports).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PublishFailedError);
    expect(failure).toMatchObject({ itemId: 'evt-a', failed: [{ eventId: 'evt-a', consumer: 'membershipOrgProjector' }] });
    expect((failure as Error).message).toContain('QueueUnavailable');
    expect(sent).toEqual([{ consumer: 'statsProjector', eventId: 'evt-a' }]);
    expect(published('evt-a')).toBeUndefined();
  });

  it('marks an event nobody subscribes to as published', async () => {
    const event = orgCreated('evt-a', t0);
    const { ports, sent, published } = memoryOutbox([event], []);
    await publishEntry({ table: 'orgs', entry: entryOf(event) }, at(1000), ports);
    expect(sent).toEqual([]);
    expect(published('evt-a')).toBeDefined();
  });

  it('sends every event of an item holding several to every subscriber, then marks the item once', async () => {
    const events = [orgCreated('evt-a', t0), orgCreated('evt-b', t0), orgCreated('evt-c', t0)];
    const { ports, sent, published } = memoryOutbox([events]);
    await publishEntry({ table: 'orgs', entry: entryOf(...events) }, at(1000), ports);
    expect(sent.map(({ consumer, eventId }) => `${consumer}:${eventId}`).sort()).toEqual(
      ['statsProjector', 'membershipOrgProjector'].flatMap((consumer) => events.map((event) => `${consumer}:${event.id}`)).sort(),
    );
    expect(published(outboxItemIdOf(events))).toBe(at(1000).toISOString());
  });

  it('leaves an item of several events unpublished when a queue refuses one of them, and names it', async () => {
    const events = [orgCreated('evt-a', t0), orgCreated('evt-b', t0)];
    const { ports, sent, refusing, published } = memoryOutbox([events]);
    refusing.add('statsProjector:evt-b');
    const failure = await publishEntry({ table: 'orgs', entry: entryOf(...events) }, at(1000), ports).catch((error: unknown) => error);
    expect(failure).toMatchObject({ itemId: outboxItemIdOf(events), failed: [{ eventId: 'evt-b', consumer: 'statsProjector' }] });
    expect(sent).toHaveLength(3);
    expect(published(outboxItemIdOf(events))).toBeUndefined();
  });
});

describe('sweepOutbox()', () => {
  it('publishes items unpublished for longer than the grace period, and leaves younger ones to the relay', async () => {
    const old = orgCreated('evt-old', t0);
    const edge = orgCreated('evt-edge', at(minutes(3) - minutes(SWEEP_GRACE_MINUTES)));
    const young = orgCreated('evt-young', at(minutes(2)));
    const { ports, sent, published } = memoryOutbox([old, edge, young]);

    const result = await sweepOutbox(at(minutes(3)), ports);

    expect(result).toEqual({ published: 2, failures: [], more: false });
    expect(sent.map((s) => s.eventId).sort()).toEqual(['evt-edge', 'evt-edge', 'evt-old', 'evt-old']);
    expect(published('evt-old')).toBe(at(minutes(3)).toISOString());
    expect(published('evt-young')).toBeUndefined();
  });

  it('does not publish again what is already published', async () => {
    const { ports, sent } = memoryOutbox([orgCreated('evt-a', t0)]);
    await sweepOutbox(at(minutes(5)), ports);
    sent.length = 0;
    expect(await sweepOutbox(at(minutes(10)), ports)).toEqual({ published: 0, failures: [], more: false });
    expect(sent).toEqual([]);
  });

  it('keeps an item a queue refused for the next run, sends it whole again then, and goes on with the others', async () => {
    const { ports, sent, refusing, published } = memoryOutbox([orgCreated('evt-a', t0), orgCreated('evt-b', t0)]);
    refusing.add('membershipOrgProjector:evt-b');

    const first = await sweepOutbox(at(minutes(5)), ports);
    expect(first.published).toBe(1);
    expect(first.failures).toMatchObject([{ table: 'orgs', outboxItem: 'evt-b' }]);
    expect(published('evt-a')).toBeDefined();
    expect(published('evt-b')).toBeUndefined();

    refusing.clear();
    expect(await sweepOutbox(at(minutes(10)), ports)).toEqual({ published: 1, failures: [], more: false });
    // statsProjector gets evt-b twice: it deduplicates on the event id.
    expect(sent.filter((s) => s.eventId === 'evt-b').map((s) => s.consumer)).toEqual(['statsProjector', 'statsProjector', 'membershipOrgProjector']);
    expect(published('evt-b')).toBe(at(minutes(10)).toISOString());
  });

  it('counts the events it published, an item holding several counting each', async () => {
    const events = [orgCreated('evt-a', t0), orgCreated('evt-b', t0)];
    const { ports, published } = memoryOutbox([events, orgCreated('evt-c', t0)], ['statsProjector']);
    expect(await sweepOutbox(at(minutes(5)), ports)).toEqual({ published: 3, failures: [], more: false });
    expect(published(outboxItemIdOf(events))).toBeDefined();
  });

  it('reads at most a bounded page of each partition per run, oldest first, and says a backlog remains', async () => {
    // Ids chosen to share one partition, so the bound of one partition is what is tested.
    const partition = unpublishedPartitionOf('evt-0');
    const ids = Array.from({ length: 1000 }, (_, i) => `evt-${i}`).filter((id) => unpublishedPartitionOf(id) === partition);
    const count = SWEEP_LIMIT_PER_PARTITION + 20;
    expect(ids.length).toBeGreaterThanOrEqual(count);
    const events = ids.slice(0, count).map((id, i) => orgCreated(id, at(i * 1000)));
    const { ports, published } = memoryOutbox(events, ['statsProjector']);

    expect(await sweepOutbox(at(minutes(60)), ports)).toEqual({ published: SWEEP_LIMIT_PER_PARTITION, failures: [], more: true });
    expect(published(events[0]!.id)).toBeDefined();
    expect(published(events.at(-1)!.id)).toBeUndefined();
    expect(await sweepOutbox(at(minutes(65)), ports)).toEqual({ published: 20, failures: [], more: false });
  });
});
