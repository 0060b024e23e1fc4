import type { RosterTask } from '../tasks.js';
import type { StepOutcome } from './advance-roster.js';
import { applyChunk, type ApplyChunkPorts } from './apply-chunk.js';
import { countDepartures, type CountDeparturesPorts } from './count-departures.js';

export type RosterStepPorts = ApplyChunkPorts & CountDeparturesPorts;

/** Runs one step of applying a roster: a chunk's rows, or a shard's departures. */
export async function runRosterStep(task: RosterTask, ports: RosterStepPorts): Promise<StepOutcome> {
  return task.step === 'chunk' ? applyChunk(task, ports) : countDepartures(task, ports);
}
