import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIntegerParam, MAX_PATH_PARAMETER_LENGTH, pathParameterErrors } from '../../../shared/http/path-parameters.js';

describe('pathParameterErrors()', () => {
  it('passes ids we mint and partner rider ids', () => {
    expect(pathParameterErrors({ orgId: 'org_4f1c0e2b9a7d4c3e8f6a5b4c3d2e1f00', riderId: '骑手-001', seq: '1' })).toEqual([]);
    expect(pathParameterErrors(null)).toEqual([]);
  });

  it('names each parameter that is too long or carries control or bidi characters', () => {
    expect(pathParameterErrors({ orgId: 'x'.repeat(3000), riderId: 'a\u202Eb', seq: '1', rosterId: '' }).map((error) => error.path)).toEqual([
      'path.orgId',
      'path.riderId',
      'path.rosterId',
    ]);
  });

  it('bounds length in code points: 128 characters pass, 129 do not, whatever the characters', () => {
    fc.assert(
      fc.property(fc.constantFrom('a', '骑', '𠮷'), fc.integer({ min: 1, max: 300 }), (char, count) => {
        const errors = pathParameterErrors({ id: char.repeat(count) });
        expect(errors.length === 0).toBe(count <= MAX_PATH_PARAMETER_LENGTH);
      }),
    );
  });
});

describe('canonicalIntegerParam()', () => {
  const Seq = canonicalIntegerParam({ min: 1, max: 100_000 });

  it('reads plain digits as the number', () => {
    expect(Seq.parse('1')).toBe(1);
    expect(Seq.parse('100000')).toBe(100_000);
  });

  it('refuses every other spelling of a number', () => {
    for (const text of ['01', '1.0', '1e0', ' 1', '1 ', '0x1', '+1', '-1', '1_0', '１', '', '0', '100001', '9'.repeat(40)]) {
      expect(Seq.safeParse(text).success, JSON.stringify(text)).toBe(false);
    }
  });

  it('accepts a text exactly when it is the canonical decimal of an integer in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 200_000 }).map(String), fc.string({ maxLength: 8 })), (text) => {
        const n = Number(text);
        const canonical = String(Math.trunc(n)) === text && n >= 1 && n <= 100_000;
        expect(Seq.safeParse(text).success).toBe(canonical);
      }),
    );
  });
});
