import { z } from 'zod';
import type { Span } from '../../../shared/wall-clock.js';
import { spanHours } from './schedule.js';

export const PayUnitSchema = z.enum(['hour', 'day', 'month', 'piece']);
export type PayUnit = z.infer<typeof PayUnitSchema>;

export interface Pay {
  amountFen: number;
  unit: PayUnit;
}

/** Working hours in a month, as the labour rules count them (21.75 days × 8 hours). */
export const HOURS_PER_MONTH = 174;

/**
 * Pay per hour in fen, rounded down, so postings compare on one scale (api.md, `payMinFen`):
 * an hour's pay as it is, a day's pay over the shift's hours, a month's over 174 hours. A piece
 * rate has no hourly figure (null) and matches no minimum.
 */
export function payPerHourFen(pay: Pay, shift: Span): number | null {
  switch (pay.unit) {
    case 'hour':
      return pay.amountFen;
    case 'day':
      return Math.floor(pay.amountFen / spanHours(shift));
    case 'month':
      return Math.floor(pay.amountFen / HOURS_PER_MONTH);
    case 'piece':
      return null;
  }
}

/** `¥25.50` for 2550 fen. */
export const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
