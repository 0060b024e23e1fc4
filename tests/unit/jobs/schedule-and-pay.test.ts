import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOURS_PER_MONTH, payPerHourFen } from '../../../functions/jobs/domain/pay.js';
import { fitsWithin, MINUTES_PER_WEEK, overlapMinutes, weekMinutes, weekOf } from '../../../functions/jobs/domain/schedule.js';
import { spanOf } from '../../../shared/wall-clock.js';

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const days = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });

describe('spanOf()', () => {
  it('reads an end not after the start as the next morning', () => {
    expect(spanOf('22:00', '06:00')).toEqual({ start: 1320, end: 1800 });
    expect(spanOf('09:00', '17:30')).toEqual({ start: 540, end: 1050 });
    expect(spanOf('08:00', '08:00')).toEqual({ start: 480, end: 1920 });
  });
});

describe('fitsWithin()', () => {
  it('fits shifts inside overnight windows on either side of midnight', () => {
    const window = spanOf('22:00', '06:00');
    expect(fitsWithin(spanOf('23:00', '02:00'), window)).toBe(true);
    expect(fitsWithin(spanOf('01:00', '05:00'), window)).toBe(true);
    expect(fitsWithin(spanOf('21:00', '02:00'), window)).toBe(false);
    expect(fitsWithin(spanOf('05:00', '07:00'), window)).toBe(false);
    expect(fitsWithin(spanOf('23:00', '02:00'), spanOf('08:00', '23:59'))).toBe(false);
  });

  it('agrees with minute-by-minute containment for any shift and window', () => {
    // Brute force: the shift's minutes, on some day, are all minutes of the window on the same or the previous day.
    const minutes = (span: { start: number; end: number }, offset: number) => new Set(Array.from({ length: span.end - span.start }, (_, i) => span.start + offset + i));
    fc.assert(
      fc.property(hhmm, hhmm, hhmm, hhmm, (s1, e1, s2, e2) => {
        const shift = spanOf(s1, e1);
        const window = spanOf(s2, e2);
        const covered = minutes(window, 0);
        const inside = [0, 1440].some((offset) => [...minutes(shift, offset)].every((m) => covered.has(m)));
        expect(fitsWithin(shift, window)).toBe(inside);
      }),
      { numRuns: 300 },
    );
  });
});

describe('overlapMinutes()', () => {
  it('counts an overnight shift against the next morning\'s free time, and wraps Sunday night into Monday', () => {
    const mondayNights = weekOf([1], [spanOf('22:00', '06:00')]);
    expect(overlapMinutes(mondayNights, weekOf([2], [spanOf('00:00', '04:00')]))).toBe(240);
    expect(overlapMinutes(mondayNights, weekOf([1], [spanOf('23:00', '23:30')]))).toBe(30);
    const sundayNights = weekOf([7], [spanOf('22:00', '06:00')]);
    expect(overlapMinutes(sundayNights, weekOf([1], [spanOf('05:00', '09:00')]))).toBe(60);
  });

  it('is symmetric, bounded by either schedule, and a schedule overlaps itself fully', () => {
    const schedule = fc.tuple(days, fc.array(fc.tuple(hhmm, hhmm), { minLength: 1, maxLength: 3 })).map(([d, spans]) => weekOf(d, spans.map(([s, e]) => spanOf(s, e))));
    fc.assert(
      fc.property(schedule, schedule, (a, b) => {
        const overlap = overlapMinutes(a, b);
        expect(overlap).toBe(overlapMinutes(b, a));
        expect(overlap).toBeLessThanOrEqual(Math.min(weekMinutes(a), weekMinutes(b)));
        expect(overlapMinutes(a, a)).toBe(weekMinutes(a));
        expect(weekMinutes(a)).toBeLessThanOrEqual(MINUTES_PER_WEEK);
      }),
      { numRuns: 300 },
    );
  });
});

describe('payPerHourFen()', () => {
  const shift = spanOf('09:00', '17:00');

  it('normalizes a day over the shift\'s hours and a month over 174 hours; a piece rate has none', () => {
    expect(payPerHourFen({ amountFen: 2500, unit: 'hour' }, shift)).toBe(2500);
    expect(payPerHourFen({ amountFen: 24_000, unit: 'day' }, shift)).toBe(3000);
    expect(payPerHourFen({ amountFen: 24_000, unit: 'day' }, spanOf('22:00', '06:00'))).toBe(3000);
    expect(payPerHourFen({ amountFen: 522_000, unit: 'month' }, shift)).toBe(3000);
    expect(payPerHourFen({ amountFen: 500, unit: 'piece' }, shift)).toBeNull();
  });

  it('never pays more per hour than the amount allows (rounds down)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), hhmm, hhmm, (amountFen, start, end) => {
        const span = spanOf(start, end);
        const day = payPerHourFen({ amountFen, unit: 'day' }, span)!;
        // In whole fen-minutes: a float product (2,277,510 × 62/60) overshoots by a rounding error.
        expect(day * (span.end - span.start)).toBeLessThanOrEqual(amountFen * 60);
        expect(payPerHourFen({ amountFen, unit: 'month' }, span)! * HOURS_PER_MONTH).toBeLessThanOrEqual(amountFen);
      }),
    );
  });
});
