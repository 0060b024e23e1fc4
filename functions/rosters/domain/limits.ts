import { z } from 'zod';
import { ConflictError, TooManyRequestsError } from '../../../shared/errors.js';
import type { Roster } from './roster.js';

/**
 * What one partner may put on a province at once, set per province (`rosterLimits` in its
 * config, `ROSTER_LIMITS` for the functions) and documented for partners (docs/rosters.md).
 */
export const RosterLimitsSchema = z.strictObject({
  /** Rows one roster may hold: a platform's whole snapshot of the province must fit. */
  rowsPerRoster: z.number().int().min(1000).default(500_000),
  /** Chunks a partner may send in one clock minute, over all its rosters. */
  chunksPerMinute: z.number().int().min(1).default(600),
  /** Rosters a partner may have receiving or processing at once. */
  openRostersPerPartner: z.number().int().min(1).default(3),
});

export type RosterLimits = z.infer<typeof RosterLimitsSchema>;

export const defaultRosterLimits = (): RosterLimits => RosterLimitsSchema.parse({});

export class RosterFullError extends ConflictError {
  constructor(rosterId: string, limit: number) {
    super(`Roster ${rosterId} would hold more than ${limit} rows, this province's limit; send the rest as a delta roster once this one is applied, or ask the province to raise the limit`);
  }
}

export class TooManyOpenRostersError extends ConflictError {
  constructor(limit: number) {
    super(`You have ${limit} rosters receiving or processing, this province's limit; complete or abandon one (POST /v1/rosters/{id}/abandon) before opening another`);
  }
}

/** The clock minute a chunk is counted in, and the seconds until the next one. */
export const minuteOf = (now: Date) => ({ minute: Math.floor(now.getTime() / 60_000), secondsLeft: 60 - (now.getTime() % 60_000) / 1000 });

export class ChunkRateError extends TooManyRequestsError {
  constructor(limit: number, now: Date) {
    super(`You sent ${limit} chunks this minute, this province's limit; send the chunk again after Retry-After (the same seq and rows are welcome)`, minuteOf(now).secondsLeft);
  }
}

/** A chunk fits when the roster's rows with it stay within the limit. */
export function assertRoom(roster: Roster, rows: number, limits: Pick<RosterLimits, 'rowsPerRoster'>): void {
  if (roster.rows.received + rows > limits.rowsPerRoster) throw new RosterFullError(roster.id, limits.rowsPerRoster);
}
