import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { coverageDeltas, type RiderCoverage } from '../domain/org-stats.js';
import type { StatsRepository } from '../repository.js';

/**
 * Keeps a partner rider's newest coverage state and the region counters it moves.
 *
 * 1. Read the rider's recorded state.
 * 2. Ask `coverageDeltas` what the announcement changes: nothing for an older or repeated one.
 * 3. Record the new state and move the counters of each region prefix by the difference, in one
 *    transaction that holds only if the state read is still the recorded one; a concurrent
 *    announcement makes it read again (a few times at most).
 */
export async function projectRiderCoverage(
  rider: { partnerId: string; riderId: string },
  next: RiderCoverage,
  ports: { stats: Pick<StatsRepository, 'getRiderCoverage' | 'recordRiderCoverage'> },
): Promise<void> {
  await withRetries(
    async () => {
      const stored = await ports.stats.getRiderCoverage(rider.partnerId, rider.riderId);
      const deltas = coverageDeltas(stored, next);
      if (!deltas) return;
      await ports.stats.recordRiderCoverage(rider.partnerId, rider.riderId, next, stored?.version ?? 0, deltas);
    },
    { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
  );
}
