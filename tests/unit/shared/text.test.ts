import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersonNameSchema } from '../../../shared/identity/mobile.js';
import { hasUnsafeCharacters, nameSchema, UNSAFE_TEXT_MESSAGE } from '../../../shared/text.js';

/** Every character the brief names, and the other invisible ones `hasUnsafeCharacters` refuses. */
const UNSAFE = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\u007F',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
  '\u2066', '\u2067', '\u2068', '\u2069',
  '\u200E', '\u200F', '\u061C',
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD',
  '\u2028', '\u2029', '\u3164', '\uD800', '\u{E0041}',
];

describe('hasUnsafeCharacters()', () => {
  it('finds each control, bidi and invisible formatting character, wherever it stands in a name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNSAFE), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ unit: 'grapheme', maxLength: 10 }), (bad, before, after) => {
        expect(hasUnsafeCharacters(`${before}${bad}${after}`)).toBe(true);
      }),
    );
  });

  it('passes Chinese names, rare characters outside the BMP, ideographic variation sequences and Latin names', () => {
    for (const name of ['张三', '欧阳娜娜', '𠮷野家', '葛\u{E0100}城', 'Zhang San', 'Ayşe Öztürk', '阿卜杜拉·买买提', '思明区快递行业工会联合会']) {
      expect(hasUnsafeCharacters(name), name).toBe(false);
    }
  });
});

describe('nameSchema()', () => {
  const OrgName = nameSchema({ min: 2, max: 60 });

  it('refuses U+202E and BEL with the reason, and trims surrounding spaces', () => {
    for (const name of ['思明\u202E会工', '思明\u0007工会']) {
      const result = OrgName.safeParse(name);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([UNSAFE_TEXT_MESSAGE]);
    }
    expect(OrgName.parse('  思明区总工会 ')).toBe('思明区总工会');
  });

  it('accepts exactly the names of min-max code points without unsafe characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 70 }), (text) => {
        const trimmed = text.trim();
        const length = [...trimmed].length;
        const expected = length >= 2 && length <= 60 && !hasUnsafeCharacters(trimmed);
        expect(OrgName.safeParse(text).success).toBe(expected);
      }),
    );
  });

  it('makes the person name schema: 2-30 characters, no bidi override', () => {
    expect(PersonNameSchema.parse(' 欧阳娜娜 ')).toBe('欧阳娜娜');
    expect(PersonNameSchema.safeParse('张\u202E三').success).toBe(false);
    expect(PersonNameSchema.safeParse('张').error?.issues[0]?.message).toBe('must be 2-30 characters');
  });
});
