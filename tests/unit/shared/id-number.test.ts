import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdNumberSchema, idNumberCheckCharacter, isValidIdNumber } from '../../../shared/identity/id-number.js';

const today = new Date('2026-11-23T00:00:00Z');
const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const region = fc.integer({ min: 100000, max: 999999 }).map(String);
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: today, noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const first17 = fc.tuple(region, birthDate, digits(3)).map(([code, birth, sequence]) => `${code}${birth}${sequence}`);
const withCheck = (stem: string) => stem + idNumberCheckCharacter(stem);

/** An independent oracle for "a real calendar date from 1900-01-01 to `today`", via ISO parsing. */
function isAcceptableBirthDate(yyyymmdd: string): boolean {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) && iso >= '1900-01-01' && date <= today;
}

describe('idNumberCheckCharacter()', () => {
  it('computes the GB 11643 check character of published examples', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('44052418800101001')).toBe('4');
  });
});

describe('isValidIdNumber()', () => {
  it('accepts a documented example', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
    expect(isValidIdNumber('440524188001010014', today)).toBe(false); // born 1880: before 1900
  });

  it('accepts every number whose last character is its check character', () => {
    fc.assert(fc.property(first17, (stem) => isValidIdNumber(withCheck(stem), today)));
  });

  it('refuses any other check character', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom(...'0123456789X'.split('')), (stem, check) => {
        fc.pre(check !== idNumberCheckCharacter(stem));
        return !isValidIdNumber(stem + check, today);
      }),
    );
  });

  it('refuses a change to any one digit (even where it also breaks the region or the date)', () => {
    fc.assert(
      fc.property(first17, fc.nat(16), digit, (stem, position, replacement) => {
        fc.pre(stem[position] !== replacement);
        const id = withCheck(stem);
        return !isValidIdNumber(id.slice(0, position) + replacement + id.slice(position + 1), today);
      }),
    );
  });

  it('accepts a birth date exactly when it is a real date from 1900-01-01 to today', () => {
    const anyDate = fc
      .tuple(fc.integer({ min: 1890, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(anyDate, digits(3), (date, sequence) => {
        const stem = `350203${date}${sequence}`;
        expect(isValidIdNumber(withCheck(stem), today)).toBe(isAcceptableBirthDate(date));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses impossible and future birth dates, even with a right check character', () => {
    for (const date of ['19900230', '19000229', '20230229', '19901301', '19900001', '19900100', '20261124', '20270101', '18991231']) {
      expect(isValidIdNumber(withCheck(`350203${date}123`), today), date).toBe(false);
    }
    for (const date of ['20000229', '19000101', '20261123']) {
      expect(isValidIdNumber(withCheck(`350203${date}123`), today), date).toBe(true);
    }
  });

  it("takes today's date in China, where birth dates are recorded", () => {
    const bornToday = withCheck('35020320261124001');
    expect(isValidIdNumber(bornToday, new Date('2026-11-23T15:59:59Z'))).toBe(false); // 23:59:59 on the 23rd in Beijing
    expect(isValidIdNumber(bornToday, new Date('2026-11-23T16:00:00Z'))).toBe(true); // 00:00 on the 24th in Beijing
  });

  it('refuses region codes starting with 0, wrong lengths, and anything but digits and a final X', () => {
    for (const id of [withCheck('01010519491231002'), '', '11010519491231002', '11010519491231002XX', '1101051949123100X2', '11010519491231002Y', '１１０１０５１９４９１２３１００２Ｘ']) {
      expect(isValidIdNumber(id, today), id).toBe(false);
    }
  });

  it('refuses lower-case x, which the schema upper-cases first', () => {
    expect(isValidIdNumber('11010519491231002x', today)).toBe(false);
    expect(IdNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
  });
});

describe('IdNumberSchema', () => {
  it('reports a bad number with the documented message', () => {
    const result = IdNumberSchema.safeParse('110105194912310021');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be an 18-character resident ID number with a valid birth date and GB 11643 check character');
  });
});
