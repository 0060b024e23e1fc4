import { z } from 'zod';

/**
 * Wall-clock times (local time, Asia/Shanghai) as minutes from midnight, for shifts, search
 * windows and opening hours. A span whose end is not after its start runs overnight: `22:00`-
 * `06:00` is 22:00 to 06:00 the next morning, and an end equal to the start is a whole day.
 */
export const MINUTES_PER_DAY = 1440;

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** An instant's wall clock in Asia/Shanghai, as a Date whose UTC fields read it (`getUTCDay`, `getUTCHours`…). */
export const inShanghai = (at: Date): Date => new Date(at.getTime() + SHANGHAI_OFFSET_MS);

/** The calendar year of an instant in Asia/Shanghai: yearly budgets and figures turn over at local midnight. */
export const yearInShanghai = (at: Date): number => inShanghai(at).getUTCFullYear();

/** `HH:MM`, 00:00-23:59. */
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const HhmmSchema = z.string().regex(HHMM, 'must be HH:MM (00:00-23:59)');

export const DaysSchema = z
  .array(z.number().int().min(1).max(7))
  .min(1)
  .max(7)
  .refine((days) => new Set(days).size === days.length, 'must not repeat a day')
  .meta({ description: 'Days of the week, Monday 1 to Sunday 7' });

/** A span of one day in minutes from its midnight: `start` < `end` ≤ `start` + 1440 (`end` past 1440 is the next morning). */
export interface Span {
  start: number;
  end: number;
}

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function spanOf(start: string, end: string): Span {
  const from = minutesOf(start);
  const to = minutesOf(end);
  return { start: from, end: to <= from ? to + MINUTES_PER_DAY : to };
}
