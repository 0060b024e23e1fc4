/**
 * How long an outbox item may stay unpublished before the sweep takes it over. The relay
 * normally publishes within seconds; a shorter grace would only race it (harmless, since
 * consumers deduplicate, but wasteful), a longer one delays what the relay lost.
 */
export const SWEEP_GRACE_MINUTES = 2;

/**
 * Items read per index partition and run: one query each, so a run touches at most
 * tables × partitions × this many items, well inside the function's minute; a backlog larger
 * than that drains over the next runs, oldest first.
 */
export const SWEEP_LIMIT_PER_PARTITION = 100;

/** Items published at once: bounds the concurrent sends of a fan-out to many queues. */
export const SWEEP_CONCURRENCY = 10;

/** The sort key bound of due items: unpublished since `time` less the grace period, or earlier. */
export function dueBefore(time: Date): string {
  return new Date(time.getTime() - SWEEP_GRACE_MINUTES * 60_000).toISOString();
}
