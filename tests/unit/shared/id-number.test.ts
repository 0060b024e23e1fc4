import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdNumberSchema, idNumberCheckCharacter, isValidIdNumber } from '../../../shared/identity/id-number.js';

const today = new Date('2026-11-23T00:00:00Z');
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: n, maxLength: n }).map((d) => d.join(''));
const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: today, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const first17 = fc.tuple(fc.integer({ min: 110000, max: 659999 }), birthDate, digits(3)).map(([region, birth, seq]) => `${region}${birth}${seq}`);

describe('isValidIdNumber()', () => {
  it('accepts a documented example', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
  });

  it('accepts every number whose last character is its check character', () => {
    fc.assert(fc.property(first17, (stem) => isValidIdNumber(stem + idNumberCheckCharacter(stem), today)));
  });

  it('refuses any other check character', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom(...'0123456789X'.split('')), (stem, check) => {
        fc.pre(check !== idNumberCheckCharacter(stem));
        return !isValidIdNumber(stem + check, today);
      }),
    );
  });

  it('refuses a change to any one digit', () => {
    fc.assert(
      fc.property(first17, fc.nat(16), fc.constantFrom(...'0123456789'.split('')), (stem, position, digit) => {
        fc.pre(stem[position] !== digit);
        const id = stem + idNumberCheckCharacter(stem);
        return !isValidIdNumber(id.slice(0, position) + digit + id.slice(position + 1), today);
      }),
    );
  });

  it('refuses impossible and future birth dates, even with a right check character', () => {
    for (const stem of ['35020319900230123', '35020319901301123', '35020320270101123', '35020318991231123']) {
      expect(isValidIdNumber(stem + idNumberCheckCharacter(stem), today)).toBe(false);
    }
  });

  it('refuses lower-case x, which the schema upper-cases first', () => {
    expect(isValidIdNumber('11010519491231002x', today)).toBe(false);
    expect(IdNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
  });
});
