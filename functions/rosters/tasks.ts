import { z } from 'zod';
import { RIDER_SHARDS } from './domain/rider.js';

/**
 * The steps a roster is applied in, sent as tasks to the `rosterSteps` queue: every chunk, then,
 * for a snapshot, every shard of the partner's riders (its rows, then those it left out). A task
 * may come twice or after a worker died; each step records itself once, so counts stay exact.
 */
export const RosterTaskSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('chunk'), rosterId: z.string().min(1), seq: z.number().int().min(1) }),
  // `departures`: a shard's task as sent before shards applied rows (a roster in flight then).
  z.strictObject({ step: z.enum(['shard', 'departures']), rosterId: z.string().min(1), shard: z.number().int().min(0).max(RIDER_SHARDS - 1) }),
]);

export type RosterTask = z.infer<typeof RosterTaskSchema>;

export const chunkTasks = (rosterId: string, chunks: number): RosterTask[] => Array.from({ length: chunks }, (_, i) => ({ step: 'chunk', rosterId, seq: i + 1 }));

export const shardTasks = (rosterId: string): RosterTask[] => Array.from({ length: RIDER_SHARDS }, (_, shard) => ({ step: 'shard', rosterId, shard }));

/** Where tasks go: the queue in Lambda and locally, a list in unit tests. */
export interface RosterTasks {
  send(tasks: RosterTask[]): Promise<void>;
}
