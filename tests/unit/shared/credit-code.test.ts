import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, isValidCreditCode } from '../../../shared/identity/credit-code.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeChar = fc.constantFrom(...CHARSET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const first17 = fc
  .tuple(fc.array(codeChar, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(codeChar, { minLength: 9, maxLength: 9 }))
  .map(([head, region, tail]) => [...head, ...region, ...tail].join(''));

describe('isValidCreditCode()', () => {
  it('accepts a published code', () => {
    // 国家税务总局's own example in GB 32100 explanations.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('accepts every code whose last character is its check character', () => {
    fc.assert(fc.property(first17, (stem) => isValidCreditCode(stem + creditCodeCheckCharacter(stem))));
  });

  it('refuses any other check character', () => {
    fc.assert(
      fc.property(first17, codeChar, (stem, check) => {
        fc.pre(check !== creditCodeCheckCharacter(stem));
        return !isValidCreditCode(stem + check);
      }),
    );
  });

  it('refuses a change to any one character', () => {
    fc.assert(
      fc.property(first17, fc.nat(16), codeChar, (stem, position, replacement) => {
        fc.pre(stem[position] !== replacement);
        const code = stem + creditCodeCheckCharacter(stem);
        const altered = code.slice(0, position) + replacement + code.slice(position + 1);
        return !isValidCreditCode(altered);
      }),
    );
  });

  it('refuses wrong lengths, lower case and letters outside the GB 32100 set', () => {
    for (const code of ['', '91350100M000100Y4', '91350100M000100Y433', '91350100m000100Y43', '91350100M000100I43', '9135AB00M000100Y43']) {
      expect(isValidCreditCode(code)).toBe(false);
    }
  });
});
