import type { Clock } from '../../../shared/ports.js';
import { RIDERS_PER_WRITE, announcementOf, departsBy, departureOf, type Rider } from '../domain/rider.js';
import type { Roster } from '../domain/roster.js';
import { DeparturesCountedBeforeError, RosterNotProcessingError, type RosterRepository } from '../repository.js';
import type { RosterTasks } from '../tasks.js';
import { advanceRoster, type StepOutcome } from './advance-roster.js';

export interface CountDeparturesPorts {
  rosters: Pick<RosterRepository, 'get' | 'departuresCounted' | 'seenIn' | 'shardStandings' | 'riders' | 'saveRiders' | 'recordDepartures' | 'fail' | 'finish'>;
  tasks: RosterTasks;
  clock: Clock;
  province: string;
}

/**
 * Departs a batch of riders the snapshot left out (announced once, then written) and says how
 * many count as departed by it.
 */
async function departBatch(page: Rider[], seen: ReadonlySet<string>, roster: Roster, ports: CountDeparturesPorts): Promise<number> {
  const context = { platform: roster.platform, rosterId: roster.id, province: ports.province, now: ports.clock.now() };
  const departed = page.map((rider) => departureOf(rider, seen, context)).filter((outcome) => outcome.counts);
  const writes = departed.flatMap((outcome) => (outcome.write ? [outcome.write] : []));
  await ports.rosters.saveRiders(writes, announcementOf(departed.map((outcome) => outcome.rider), context));
  return departed.length;
}

/**
 * Counts a snapshot's departures in one shard of the partner's riders (a `departures` task),
 * once every chunk is applied.
 *
 * 1. Load the roster; unless it is processing, do nothing.
 * 2. A shard counted before (the task came again) goes straight to step 5.
 * 3. Gather the rider ids the snapshot's chunks listed in this shard.
 * 4. Read where each of the shard's riders stands: an active rider the snapshot left out
 *    departs; one this roster departed before counts again. Only those are read whole, in
 *    batches of `RIDERS_PER_WRITE` in order of rider id (a step run again builds the same
 *    batches), each announced as one RiderStatusChanged, then written. Record the shard's
 *    count and add it to the roster's, together, once.
 * 5. Advance the roster: the last shard completes it.
 */
export async function countDepartures(input: { rosterId: string; shard: number }, ports: CountDeparturesPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing') return { outcome: 'skipped' };
  if (!(await ports.rosters.departuresCounted(roster.id, input.shard))) {
    const seen = await ports.rosters.seenIn(roster.id, input.shard);
    const departing: string[] = [];
    for await (const rider of ports.rosters.shardStandings(roster.partnerId, input.shard)) if (departsBy(rider, seen, roster.id)) departing.push(rider.riderId);
    let departed = 0;
    for (let start = 0; start < departing.length; start += RIDERS_PER_WRITE) {
      const ids = departing.slice(start, start + RIDERS_PER_WRITE);
      const riders = await ports.rosters.riders(roster.partnerId, ids);
      departed += await departBatch(ids.flatMap((id) => riders.get(id) ?? []), seen, roster, ports);
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
