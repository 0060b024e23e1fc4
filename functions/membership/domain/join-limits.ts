import { TooManyRequestsError } from '../../../shared/errors.js';

/**
 * Join probing (is this ID number a member?) is limited per worker account and per pair of ID
 * number and worker account, never per ID number alone: a limit on the number would let anyone
 * lock a real person out by hammering their number. Counters are kept by blind index per UTC day.
 */
export const FAILED_JOINS_PER_WORKER = 10;
export const FAILED_JOINS_PER_PAIR = 5;

export interface ProbeCounter {
  /** Blind index of what is counted (the worker, or the ID number with the worker). */
  index: string;
  limit: number;
}

/** The counting window: the UTC day, `2026-11-25`. */
export const probeDay = (now: Date): string => now.toISOString().slice(0, 10);

/** Seconds until the window ends. */
export const secondsToNextDay = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return (next - now.getTime()) / 1000;
};

/** Refuses a join when either counter has reached its limit today. */
export function checkProbing(counts: readonly { counter: ProbeCounter; failures: number }[], now: Date): void {
  if (counts.some(({ counter, failures }) => failures >= counter.limit)) {
    throw new TooManyRequestsError('Too many refused joins today; try again tomorrow or ask your union', secondsToNextDay(now));
  }
}
