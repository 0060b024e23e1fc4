import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageChanges, matchingPlatforms, nextCoverageVersion, type RosteredRow } from '../../../functions/membership/domain/coverage.js';
import { checkProbing, secondsToNextDay } from '../../../functions/membership/domain/join-limits.js';
import { exposureOf, formatMemberNo, platformOf } from '../../../functions/membership/domain/membership.js';
import { checkCode, checkResend, MAX_CODE_TRIES, newVerification, type Verification } from '../../../functions/membership/domain/verification.js';

const now = new Date('2026-11-25T08:00:00Z');
const rowArb: fc.Arbitrary<RosteredRow> = fc.record({
  personIndex: fc.constant('p'),
  contactIndex: fc.option(fc.constantFrom('c1', 'c2'), { nil: undefined }),
  partnerId: fc.constantFrom('a', 'b'),
  riderId: fc.string({ minLength: 1, maxLength: 4 }),
  platform: fc.constantFrom('闽送即配', '美团', '鹭岛快跑'),
  status: fc.constantFrom('active' as const, 'departed' as const),
  regionCode: fc.constant('350203'),
  occurredAt: fc.constant(now.toISOString()),
  coverageVersion: fc.integer({ min: 1, max: 2 * now.getTime() }),
});
const exposureArb = fc.boolean().chain((isMember) => fc.record({ isMember: fc.constant(isMember), shared: isMember ? fc.boolean() : fc.constant(false) }));

describe('coverageChanges()', () => {
  it('re-announces every row at a newer version exactly when exposure changes or on erasure', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 6 }), exposureArb, exposureArb, fc.boolean(), (rows, before, after, erase) => {
        const { writes, events } = coverageChanges(rows, before, after, { province: '35', now, erase });
        const changed = erase || before.isMember !== after.isMember || before.shared !== after.shared;
        expect(writes).toHaveLength(changed ? rows.length : 0);
        expect(events).toHaveLength(writes.length > 0 ? 1 : 0);
        const announced = events[0]?.data.riders ?? [];
        expect(announced).toHaveLength(writes.length);
        writes.forEach((write, i) => {
          expect(write.expectedVersion).toBe(rows[i]!.coverageVersion);
          expect(write.row.coverageVersion).toBeGreaterThan(write.expectedVersion);
          expect(write.remove).toBe(erase);
          expect(announced[i]).toMatchObject({
            riderId: write.row.riderId,
            version: write.row.coverageVersion,
            rostered: write.row.status === 'active',
            isMember: erase ? false : after.isMember,
            sharedWithPlatforms: erase ? false : after.shared,
          });
        });
      }),
    );
  });

  it('moves versions forward even when the clock is behind the stored version', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4 * now.getTime() }), (previous) => {
      expect(nextCoverageVersion(previous, now)).toBe(Math.max(previous + 1, now.getTime()));
    }));
    expect(nextCoverageVersion(undefined, now)).toBe(now.getTime());
  });
});

describe('matchingPlatforms()', () => {
  it('lists, sorted and once each, the platforms of active rows with the same contact index, and none without one', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 8 }), fc.option(fc.constantFrom('c1', 'c2'), { nil: undefined }), (rows, contact) => {
        const platforms = matchingPlatforms(rows, contact);
        const expected = contact ? [...new Set(rows.filter((r) => r.status === 'active' && r.contactIndex === contact).map((r) => r.platform))].sort() : [];
        expect(platforms).toEqual(expected);
      }),
    );
  });
});

describe('exposureOf()', () => {
  it('shares only an active membership whose member agreed', () => {
    expect(exposureOf(undefined)).toEqual({ isMember: false, shared: false });
    const base = { status: 'active', consent: { version: 'v', acceptedAt: 'x', shareWithPlatforms: true } } as const;
    expect(exposureOf(base as never)).toEqual({ isMember: true, shared: true });
    expect(exposureOf({ ...base, status: 'pending' } as never)).toEqual({ isMember: false, shared: false });
    expect(exposureOf({ ...base, consent: { ...base.consent, shareWithPlatforms: false } } as never)).toEqual({ isMember: true, shared: false });
  });
});

describe('formatMemberNo()', () => {
  it('orders as the sequence does within a year, in 12 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (a, b) => {
        const [x, y] = [formatMemberNo('35', 2026, a), formatMemberNo('35', 2026, b)];
        expect(x).toHaveLength(12);
        expect(x < y).toBe(a < b);
        expect(x.startsWith('352026')).toBe(true);
      }),
    );
  });
});

describe('platformOf()', () => {
  it('keeps a listed name (trimmed) and turns anything else into other', () => {
    const known = ['闽送即配', '美团'];
    fc.assert(
      fc.property(fc.option(fc.oneof(fc.constantFrom(...known, ' 美团 '), fc.string()), { nil: undefined }), (typed) => {
        const result = platformOf(typed, known);
        if (typed === undefined) expect(result).toBeUndefined();
        else expect(result).toBe(known.includes(typed.trim()) ? typed.trim() : 'other');
      }),
    );
  });
});

describe('checkCode()', () => {
  const verification = (tries: number, overrides: Partial<Verification> = {}): Verification => ({
    ...newVerification({ id: 'ver_1', ownerIndex: 'o', mobileIndex: 'm', codeHash: 'h' }, now).verification,
    tries,
    ...overrides,
  });
  const claim = { ownerIndex: 'o', mobileIndex: 'm', codeHash: 'h' };

  it('is dead from the fifth wrong try on, and counts down the tries left before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.boolean(), (tries, right) => {
        const check = () => checkCode(verification(tries), { ...claim, codeHash: right ? 'h' : 'x' }, now);
        if (tries >= MAX_CODE_TRIES) return void expect(check).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path: 'body.mobileVerification.verificationId' })] }));
        const result = check();
        if (right) return void expect(result).toEqual({ outcome: 'verified' });
        expect(result.outcome).toBe('wrong');
        const left = MAX_CODE_TRIES - tries - 1;
        expect(result.outcome === 'wrong' && result.error.errors?.[0]?.message).toContain(left > 0 ? `${left} tries left` : 'no tries left');
      }),
    );
  });

  it('is dead once expired, used, unknown or another worker\'s, and refuses another mobile', () => {
    const dead = { errors: [expect.objectContaining({ path: 'body.mobileVerification.verificationId' })] };
    expect(() => checkCode(verification(0), claim, new Date(now.getTime() + 300_000))).toThrow(expect.objectContaining(dead));
    expect(checkCode(verification(0), claim, new Date(now.getTime() + 299_999))).toEqual({ outcome: 'verified' });
    expect(() => checkCode(verification(0, { usedAt: now.toISOString() }), claim, now)).toThrow(expect.objectContaining(dead));
    expect(() => checkCode(undefined, claim, now)).toThrow(expect.objectContaining(dead));
    expect(() => checkCode(verification(0), { ...claim, ownerIndex: 'x' }, now)).toThrow(expect.objectContaining(dead));
    expect(() => checkCode(verification(0), { ...claim, mobileIndex: 'x' }, now)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path: 'body.mobile' })] }));
  });
});

describe('checkResend() and checkProbing()', () => {
  it('wait exactly as long as the latest guard holds', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -120, max: 120 }), { nil: undefined }), { maxLength: 3 }), (offsets) => {
        const guards = offsets.map((s) => (s === undefined ? undefined : { index: 'i', nextAt: new Date(now.getTime() + s * 1000).toISOString() }));
        const wait = Math.max(0, ...offsets.map((s) => s ?? 0));
        if (wait === 0) return void expect(() => checkResend(guards, now)).not.toThrow();
        expect(() => checkResend(guards, now)).toThrow(expect.objectContaining({ status: 429, retryAfterSeconds: wait }));
      }),
    );
  });

  it('refuse exactly when a counter reached its limit, until the end of the UTC day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), (worker, pair) => {
        const counts = [{ counter: { index: 'w', limit: 10 }, failures: worker }, { counter: { index: 'p', limit: 5 }, failures: pair }];
        const limited = worker >= 10 || pair >= 5;
        if (!limited) return void expect(() => checkProbing(counts, now)).not.toThrow();
        expect(() => checkProbing(counts, now)).toThrow(expect.objectContaining({ status: 429, retryAfterSeconds: 16 * 3600 }));
      }),
    );
    fc.assert(fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (at) => {
      const seconds = secondsToNextDay(at);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(86_400);
      expect(new Date(at.getTime() + seconds * 1000).toISOString().slice(11)).toBe('00:00:00.000Z');
    }));
  });
});
