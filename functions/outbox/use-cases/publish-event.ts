import type { Envelope } from '../../../events/envelope.js';
import type { OutboxRepository } from '../repository.js';

export interface PublishPorts {
  /** Consumers subscribed to an event type (the topology's subscriptions). */
  subscribersOf(type: string): readonly string[];
  /** Puts the event on a consumer's queue. */
  send(consumer: string, event: Envelope): Promise<void>;
  outbox: Pick<OutboxRepository, 'markPublished'>;
}

/** Some subscriber queues did not take the event; the item stays unpublished for a retry. */
export class PublishFailedError extends Error {
  constructor(
    readonly eventId: string,
    readonly failedConsumers: string[],
    readonly causes: unknown[],
  ) {
    const reasons = causes.map((cause) => (cause instanceof Error ? cause.name : typeof cause));
    super(`Event ${eventId} was not accepted by ${failedConsumers.join(', ')} (${reasons.join(', ')})`);
    this.name = 'PublishFailedError';
  }
}

/**
 * Publishes one outbox item; the relay and the sweep both do it this way.
 *
 * 1. Send the event to the queue of every consumer subscribed to its type, and wait for every
 *    send to settle (none is left running when this returns or throws).
 * 2. If any queue refused, throw `PublishFailedError` and leave the item unpublished: the whole
 *    event is sent again later (by the stream's retry or the sweep), and the consumers that
 *    already got it drop the repeat by event id.
 * 3. Mark the item published (out of the sweep's index, TTL a week after `now`).
 */
export async function publishEvent(
  item: { table: string; event: Envelope },
  now: Date,
  ports: PublishPorts,
): Promise<{ subscribers: readonly string[] }> {
  const { table, event } = item;
  const subscribers = ports.subscribersOf(event.type);
  const results = await Promise.allSettled(subscribers.map((consumer) => ports.send(consumer, event)));
  const failed = subscribers.filter((_, i) => results[i]!.status === 'rejected');
  if (failed.length > 0) {
    const causes = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    throw new PublishFailedError(event.id, failed, causes);
  }
  await ports.outbox.markPublished(table, event.id, now);
  return { subscribers };
}
