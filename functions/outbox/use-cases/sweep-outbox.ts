import { inGroupsOf } from '../../../shared/concurrency.js';
import { unpublishedPartitions } from '../../../shared/outbox.js';
import { dueBefore, SWEEP_CONCURRENCY, SWEEP_LIMIT_PER_PARTITION } from '../domain/sweep.js';
import type { OutboxRepository } from '../repository.js';
import { publishEntry, type PublishPorts } from './publish-entry.js';

export interface SweepPorts extends PublishPorts {
  outbox: Pick<OutboxRepository, 'markPublished' | 'listUnpublished'>;
  /** Physical names of the outbox tables. */
  tables: readonly string[];
}

export interface SweepResult {
  /** Events published (an item may hold several). */
  published: number;
  /** What could not be read or published this run; it stays unpublished for the next. */
  failures: { table: string; outboxItem?: string; error: unknown }[];
  /** Some partition held more due items than one run takes. */
  more: boolean;
}

/**
 * Republishes what the relay did not: the delivery guarantee of the outbox.
 *
 * 1. For every outbox table and every partition of its `unpublishedOutbox` index, read up to
 *    `SWEEP_LIMIT_PER_PARTITION` items unpublished since before `time` less the grace period,
 *    oldest first (the relay is still within its normal time on younger ones).
 * 2. Publish each with `publishEntry`, a few at a time: its events sent to every subscriber,
 *    then the mark. An item that fails stays in the index for the next run; the others go on.
 * 3. Count what was published and failed, and whether a backlog remains.
 */
export async function sweepOutbox(time: Date, ports: SweepPorts): Promise<SweepResult> {
  const result: SweepResult = { published: 0, failures: [], more: false };
  const before = dueBefore(time);
  for (const table of ports.tables) {
    for (const partition of unpublishedPartitions()) {
      let page;
      try {
        page = await ports.outbox.listUnpublished(table, partition, before, SWEEP_LIMIT_PER_PARTITION);
      } catch (error) {
        result.failures.push({ table, error });
        continue;
      }
      result.more ||= page.more;
      for (const batch of inGroupsOf(page.entries, SWEEP_CONCURRENCY)) {
        const settled = await Promise.allSettled(batch.map((entry) => publishEntry({ table, entry }, time, ports)));
        settled.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') result.published += batch[i]!.events.length;
          else result.failures.push({ table, outboxItem: batch[i]!.id, error: outcome.reason });
        });
      }
    }
  }
  return result;
}
