import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import type { Clock } from '../../../shared/ports.js';
import { withRetries } from '../../../shared/retry.js';
import { RIDERS_PER_WRITE, announcementOf, departureOf, type Rider } from '../domain/rider.js';
import type { Roster } from '../domain/roster.js';
import { DeparturesCountedBeforeError, RosterNotProcessingError, type RosterRepository } from '../repository.js';
import type { RosterTasks } from '../tasks.js';
import { advanceRoster, type StepOutcome } from './advance-roster.js';

export interface CountDeparturesPorts {
  rosters: Pick<RosterRepository, 'get' | 'departuresCounted' | 'seenIn' | 'shardRiders' | 'riders' | 'saveRiders' | 'recordDepartures' | 'fail' | 'finish'>;
  tasks: RosterTasks;
  clock: Clock;
  province: string;
}

/**
 * Departs the riders of one slice the snapshot left out and says how many count as departed by
 * it. Lost a race (another copy of the task departed one first), it reads the slice again and
 * counts what the winner did.
 */
async function departSlice(slice: Rider[], seen: ReadonlySet<string>, roster: Roster, ports: CountDeparturesPorts): Promise<number> {
  const context = { platform: roster.platform, rosterId: roster.id, province: ports.province, now: ports.clock.now() };
  return withRetries(
    async (run) => {
      const riders = run === 1 ? slice : [...(await ports.rosters.riders(roster.partnerId, slice.map((rider) => rider.riderId))).values()];
      const outcomes = riders.map((rider) => departureOf(rider, seen, context));
      const changes = outcomes.flatMap((outcome) => (outcome.change ? [outcome.change] : []));
      await ports.rosters.saveRiders(changes, announcementOf(changes, context));
      return outcomes.filter((outcome) => outcome.counts).length;
    },
    { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
  );
}

/**
 * Counts a snapshot's departures in one shard of the partner's riders (a `departures` task),
 * once every chunk is applied.
 *
 * 1. Load the roster; unless it is processing, do nothing.
 * 2. A shard counted before (the task came again) goes straight to step 5.
 * 3. Gather the rider ids the snapshot's chunks listed in this shard.
 * 4. Page through the shard's riders: an active rider the snapshot left out departs (the riders
 *    of a slice announced as one RiderStatusChanged in their transaction); one this roster departed before counts
 *    again. Record the shard's count and add it to the roster's, together, once.
 * 5. Advance the roster: the last shard completes it.
 */
export async function countDepartures(input: { rosterId: string; shard: number }, ports: CountDeparturesPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing') return { outcome: 'skipped' };
  if (!(await ports.rosters.departuresCounted(roster.id, input.shard))) {
    const seen = await ports.rosters.seenIn(roster.id, input.shard);
    let departed = 0;
    for await (const page of ports.rosters.shardRiders(roster.partnerId, input.shard)) {
      for (let start = 0; start < page.length; start += RIDERS_PER_WRITE) departed += await departSlice(page.slice(start, start + RIDERS_PER_WRITE), seen, roster, ports);
    }
    try {
      await ports.rosters.recordDepartures(roster.id, input.shard, departed);
    } catch (error) {
      if (error instanceof RosterNotProcessingError) return { outcome: 'skipped' };
      if (!(error instanceof DeparturesCountedBeforeError)) throw error;
    }
  }
  return advanceRoster(roster.id, 'departures', ports);
}
