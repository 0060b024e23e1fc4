/**
 * Shifts and windows over the week (wall-clock spans of `shared/wall-clock.ts`): how long a
 * shift is, whether it fits a window, and how much of the week two schedules share.
 */
import { MINUTES_PER_DAY, type Span } from '../../../shared/wall-clock.js';

export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export const spanHours = (span: Span): number => (span.end - span.start) / 60;

/**
 * Whether a shift lies inside a window (off-peak work for riders): on the window's own day, or,
 * for a window that runs past midnight, entirely in its after-midnight part (a 01:00-05:00 shift
 * fits a 22:00-06:00 window).
 */
export function fitsWithin(shift: Span, window: Span): boolean {
  const sameDay = shift.start >= window.start && shift.end <= window.end;
  const nextMorning = shift.start + MINUTES_PER_DAY >= window.start && shift.end + MINUTES_PER_DAY <= window.end;
  return sameDay || nextMorning;
}

/** Week minutes, Monday 00:00 = 0, as disjoint sorted intervals. */
type Intervals = [number, number][];

function merge(intervals: Intervals): Intervals {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Intervals = [];
  for (const [a, b] of sorted) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** The minutes of a week covered by `spans` on `days` (1-7, Monday 1); a shift past Sunday midnight wraps to Monday. */
export function weekOf(days: readonly number[], spans: readonly Span[]): Intervals {
  const intervals: Intervals = [];
  for (const day of new Set(days)) {
    for (const span of spans) {
      const a = (day - 1) * MINUTES_PER_DAY + span.start;
      const b = (day - 1) * MINUTES_PER_DAY + span.end;
      if (b <= MINUTES_PER_WEEK) intervals.push([a, b]);
      else intervals.push([a, MINUTES_PER_WEEK], [0, b - MINUTES_PER_WEEK]);
    }
  }
  return merge(intervals);
}

export const weekMinutes = (week: Intervals): number => week.reduce((sum, [a, b]) => sum + b - a, 0);

/** Minutes a week two schedules share. */
export function overlapMinutes(a: Intervals, b: Intervals): number {
  let total = 0;
  for (const [a0, a1] of a) for (const [b0, b1] of b) total += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return total;
}
