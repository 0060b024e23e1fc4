import type { CoveredRider } from '../../../events/rider-membership-changed.v2.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { addDeltas, coverageDeltas, type CoverageDelta, type RiderCoverage } from '../domain/org-stats.js';
import { riderCoverageId, type RiderCoverageRecord, type StatsRepository } from '../repository.js';

/** DynamoDB's items to a transaction: riders recorded together and the counters they move. */
const ITEMS_PER_WRITE = 100;

type Ports = { stats: Pick<StatsRepository, 'riderCoverages' | 'recordRiderCoverages'> };

/**
 * Keeps partner riders' newest coverage states and the region and station counters they move, for the
 * riders of one announcement.
 *
 * 1. Read the riders' recorded states.
 * 2. Ask `coverageDeltas` what each announcement changes: nothing for an older or repeated one.
 * 3. Record the new states and move the counters of each region prefix (and station) by the
 *    summed differences, in transactions of at most 100 items (riders and counters), each of which
 *    holds only if every state read is still the recorded one; a concurrent announcement makes
 *    the announcement's riders read again (a few times at most). A slice written before a
 *    retry moves nothing the second time: its riders' versions are recorded.
 */
export async function projectRiderCoverage(riders: readonly CoveredRider[], ports: Ports): Promise<void> {
  await withRetries(
    async () => {
      const stored = await ports.stats.riderCoverages(riders);
      let slice: RiderCoverageRecord[] = [];
      let deltas = new Map<string, CoverageDelta>();
      for (const rider of riders) {
        const before = stored.get(riderCoverageId(rider));
        const next: RiderCoverage = { regionCode: rider.regionCode, ...(rider.station ? { station: rider.station } : {}), rostered: rider.rostered, isMember: rider.isMember, version: rider.version };
        const moved = coverageDeltas(before, next);
        if (!moved) continue;
        const counters = new Set([...deltas.keys(), ...moved.keys()]).size;
        if (slice.length > 0 && slice.length + 1 + counters > ITEMS_PER_WRITE) {
          await ports.stats.recordRiderCoverages(slice, deltas);
          slice = [];
          deltas = new Map();
        }
        slice.push({ partnerId: rider.partnerId, riderId: rider.riderId, next, readVersion: before?.version ?? 0 });
        addDeltas(deltas, moved);
      }
      if (slice.length > 0) await ports.stats.recordRiderCoverages(slice, deltas);
    },
    { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
  );
}
