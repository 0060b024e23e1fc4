import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile, maskName } from '../../../shared/identity/mask.js';
import { MobileSchema, PersonNameSchema } from '../../../shared/identity/mobile.js';

const codePoints = (text: string) => [...text];
const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCodePoint(code));
const astral = fc.constantFrom('𠮷', '𡈼', '𪚥'); // outside the BMP: two UTF-16 units each
const name = fc.array(fc.oneof(hanzi, astral, fc.constant('·')), { minLength: 2, maxLength: 30 }).map((chars) => chars.join(''));
const mobile = fc.stringMatching(/^1[3-9]\d{9}$/);
const idNumber = fc.stringMatching(/^[1-9]\d{16}[\dX]$/);

/** The masked value keeps `head` and `tail` code points of `value` and stars everything between. */
function expectMasked(masked: string, value: string, head: number, tail: number) {
  const [out, original] = [codePoints(masked), codePoints(value)];
  expect(out).toHaveLength(original.length);
  expect(out.slice(0, head)).toEqual(original.slice(0, head));
  expect(out.slice(original.length - tail)).toEqual(original.slice(original.length - tail));
  expect(out.slice(head, original.length - tail).every((c) => c === '*')).toBe(true);
  expect(masked).not.toContain(value);
}

describe('masking', () => {
  it('matches the examples of the API contract', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskMobile('13800000000')).toBe('138****0000');
    expect(maskIdNumber('350203199001011234')).toBe('3502**********1234');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(maskName('𠮷野')).toBe('𠮷*');
    expect(maskName('𠮷野家子')).toBe('𠮷野**');
  });

  it('keeps the first code point of a name (two from four on), stars the rest, and keeps its length', () => {
    fc.assert(
      fc.property(name, (value) => {
        expect(PersonNameSchema.safeParse(value).success).toBe(true);
        expectMasked(maskName(value), value, codePoints(value).length >= 4 ? 2 : 1, 0);
      }),
    );
  });

  it('keeps the first 3 and last 4 digits of a mobile', () => {
    fc.assert(
      fc.property(mobile, (value) => {
        expect(MobileSchema.safeParse(value).success).toBe(true);
        const masked = maskMobile(value);
        expect(masked).toMatch(/^\d{3}\*{4}\d{4}$/);
        expectMasked(masked, value, 3, 4);
      }),
    );
  });

  it('keeps the first 4 and last 4 characters of an ID number, with 10 stars between', () => {
    fc.assert(
      fc.property(idNumber, (value) => {
        const masked = maskIdNumber(value);
        expect(masked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
        expectMasked(masked, value, 4, 4);
      }),
    );
  });

  it('never shows the whole of a value too short for its format', () => {
    expect(maskName('张')).toBe('*');
    expect(maskMobile('1380000')).toBe('*******');
    expect(maskIdNumber('3502031990')).toBe('**********');
    expect(maskName('')).toBe('');
  });
});
