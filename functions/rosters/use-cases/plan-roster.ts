import type { RosterRepository } from '../repository.js';
import { chunkTasks, type RosterTasks } from '../tasks.js';

export interface PlanRosterPorts {
  rosters: Pick<RosterRepository, 'get'>;
  tasks: RosterTasks;
}

/**
 * Splits a completed roster (on its RosterCompleted event) into one task per chunk, which the
 * `rosterSteps` workers apply in parallel. A roster no longer processing gets none. Delivered
 * twice, it sends the tasks twice: a chunk applies and counts once however often it comes.
 */
export async function planRoster(input: { rosterId: string }, ports: PlanRosterPorts): Promise<{ tasks: number }> {
  const roster = await ports.rosters.get(input.rosterId);
  if (!roster || roster.status !== 'processing' || roster.chunks === null) return { tasks: 0 };
  await ports.tasks.send(chunkTasks(roster.id, roster.chunks));
  return { tasks: roster.chunks };
}
