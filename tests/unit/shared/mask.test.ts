import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile, maskName } from '../../../shared/identity/mask.js';

const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));
const name = fc.array(fc.oneof(hanzi, fc.constant('𠮷')), { minLength: 2, maxLength: 30 }).map((chars) => chars.join(''));

describe('masking', () => {
  it('matches the examples of the API contract', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskMobile('13800000000')).toBe('138****0000');
    expect(maskIdNumber('350203199001011234')).toBe('3502**********1234');
  });

  it('keeps the length of a name in code points and never its whole text', () => {
    fc.assert(
      fc.property(name, (value) => {
        const masked = maskName(value);
        expect([...masked]).toHaveLength([...value].length);
        expect(masked).not.toBe(value);
        expect(masked.startsWith([...value][0]!)).toBe(true);
      }),
    );
  });

  it('keeps only the documented prefix and suffix of mobiles and ID numbers', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^[1-9]\d{16}[\dX]$/), (mobile, id) => {
        expect(maskMobile(mobile)).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
        expect(maskIdNumber(id)).toBe(`${id.slice(0, 4)}**********${id.slice(14)}`);
      }),
    );
  });
});
