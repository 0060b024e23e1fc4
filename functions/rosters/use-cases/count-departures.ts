import type { Clock } from '../../../shared/ports.js';
import { announcementOf, departureOf, type Rider } from '../domain/rider.js';
import type { Roster } from '../domain/roster.js';
import { DeparturesCountedBeforeError, RosterNotProcessingError, type RosterRepository } from '../repository.js';
import type { RosterTasks } from '../tasks.js';
import { advanceRoster, type StepOutcome } from './advance-roster.js';

export interface CountDeparturesPorts {
  rosters: Pick<RosterRepository, 'get' | 'departuresCounted' | 'seenIn' | 'shardRiders' | 'saveRiders' | 'recordDepartures' | 'fail' | 'finish'>;
  tasks: RosterTasks;
  clock: Clock;
  province: string;
}

/**
 * Departs the riders of one page the snapshot left out (announced once, then written) and says
 * how many count as departed by it.
 */
async function departPage(page: Rider[], seen: ReadonlySet<string>, roster: Roster, ports: CountDeparturesPorts): Promise<number> {
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
 * 4. Page through the shard's riders: an active rider the snapshot left out departs (the riders
 *    of a page announced as one RiderStatusChanged, then written); one this roster departed
 *    before counts again. Record the shard's count and add it to the roster's, together, once.
 * 5. Advance the roster: the last shard completes it.
 */
export async function countDepartures(input: { rosterId: string; shard: number }, ports: CountDeparturesPorts): Promise<StepOutcome> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing') return { outcome: 'skipped' };
  if (!(await ports.rosters.departuresCounted(roster.id, input.shard))) {
    const seen = await ports.rosters.seenIn(roster.id, input.shard);
    let departed = 0;
    for await (const page of ports.rosters.shardRiders(roster.partnerId, input.shard)) departed += await departPage(page, seen, roster, ports);
    try {
      await ports.rosters.recordDepartures(roster.id, input.shard, departed);
    } catch (error) {
      if (error instanceof RosterNotProcessingError) return { outcome: 'skipped' };
      if (!(error instanceof DeparturesCountedBeforeError)) throw error;
    }
  }
  return advanceRoster(roster.id, 'departures', ports);
}
