import type { Envelope } from '../../../events/envelope.js';
import type { OutboxEntry } from '../domain/outbox-record.js';
import type { OutboxRepository } from '../repository.js';

export interface PublishPorts {
  /** Consumers subscribed to an event type (the topology's subscriptions). */
  subscribersOf(type: string): readonly string[];
  /** Puts the event on a consumer's queue. */
  send(consumer: string, event: Envelope): Promise<void>;
  outbox: Pick<OutboxRepository, 'markPublished'>;
}

/** Some subscriber queues did not take an event of the item; the item stays unpublished for a retry. */
export class PublishFailedError extends Error {
  constructor(
    readonly itemId: string,
    readonly failed: { eventId: string; consumer: string }[],
    readonly causes: unknown[],
  ) {
    const reasons = [...new Set(causes.map((cause) => (cause instanceof Error ? cause.name : typeof cause)))];
    super(`Outbox item ${itemId}: ${failed.map(({ eventId, consumer }) => `${consumer} did not accept ${eventId}`).join(', ')} (${reasons.join(', ')})`);
    this.name = 'PublishFailedError';
  }
}

/**
 * Publishes one outbox item; the relay and the sweep both do it this way.
 *
 * 1. Send each of its events to the queue of every consumer subscribed to the event's type, and
 *    wait for every send to settle (none is left running when this returns or throws).
 * 2. If any queue refused, throw `PublishFailedError` and leave the item unpublished: all of its
 *    events are sent again later (by the stream's retry or the sweep), and the consumers that
 *    already got one drop the repeat by event id.
 * 3. Mark the item published (out of the sweep's index, TTL a week after `now`).
 */
export async function publishEntry(item: { table: string; entry: OutboxEntry }, now: Date, ports: PublishPorts): Promise<void> {
  const { table, entry } = item;
  const sends = entry.events.flatMap((event) => ports.subscribersOf(event.type).map((consumer) => ({ event, consumer })));
  const results = await Promise.allSettled(sends.map(({ event, consumer }) => ports.send(consumer, event)));
  const failed = sends.flatMap(({ event, consumer }, i) => (results[i]!.status === 'rejected' ? [{ eventId: event.id, consumer }] : []));
  if (failed.length > 0) {
    const causes = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    throw new PublishFailedError(entry.id, failed, causes);
  }
  await ports.outbox.markPublished(table, entry.id, now);
}
