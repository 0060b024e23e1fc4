import { describe, expect, it } from 'vitest';
import { isWithinRegion, regionPrefix } from '../../../shared/region.js';

describe('regionPrefix()', () => {
  it('keeps the significant digits of province, city and district codes', () => {
    expect(regionPrefix('350000')).toBe('35');
    expect(regionPrefix('350200')).toBe('3502');
    expect(regionPrefix('350203')).toBe('350203');
  });
});

describe('isWithinRegion()', () => {
  it('places a district in its city and province but not in another city', () => {
    expect(isWithinRegion('350203', '350200')).toBe(true);
    expect(isWithinRegion('350203', '350000')).toBe(true);
    expect(isWithinRegion('350102', '350200')).toBe(false);
    expect(isWithinRegion('610102', '350000')).toBe(false);
  });
});
