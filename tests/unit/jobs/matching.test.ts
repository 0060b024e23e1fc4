import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateKeysFor, matchJob, scheduleOverlapHours, seekerIndexKeys, type MatchableJob, type MatchableSeeker } from '../../../functions/jobs/domain/matching.js';

const job: MatchableJob = {
  id: 'job_1',
  trade: 'delivery',
  skills: ['电动车驾驶', '健康证'],
  regionCode: '350203',
  schedule: { startDate: '2026-12-01', days: [1, 2, 3, 4, 5], start: '11:00', end: '14:00' },
  pay: { amountFen: 3000, unit: 'hour' },
};
const seeker: MatchableSeeker = {
  trades: ['delivery'],
  skills: ['电动车驾驶', '健康证'],
  regionCodes: ['350203'],
  days: [1, 2, 3, 4, 5],
  windows: [],
  payMinFen: 2500,
};

const certified = (...skills: string[]) => skills.map((skill, i) => ({ skill, certificateNo: `CERT-35-2026-000000000${i}` }));

describe('matchJob()', () => {
  it('gives full marks to a perfect fit with certified skills and explains every factor', () => {
    const result = matchJob(job, { ...seeker, certifiedSkills: certified('电动车驾驶', '健康证') })!;
    expect(result.score).toBe(100);
    expect(result.reasons.map((r) => [r.factor, r.points])).toEqual([['trade', 35], ['skills', 15], ['region', 20], ['schedule', 20], ['pay', 10]]);
    expect(result.reasons[3]!.text).toContain('15 小时');
  });

  it('weighs a certified skill above a declared one, and says which are certified', () => {
    expect(matchJob(job, seeker)!.reasons[1]).toEqual({ factor: 'skills', points: 10, text: '技能重合 2/2：电动车驾驶、健康证' });
    // A certificate counts even for a skill the seeker did not declare (a PUT of the profile cannot drop it).
    expect(matchJob({ ...job, skills: ['电动车驾驶', '叉车操作'] }, { ...seeker, certifiedSkills: certified(' 叉车操作 ') })!.reasons[1]).toEqual({
      factor: 'skills',
      points: 13,
      text: '技能重合 2/2：电动车驾驶、叉车操作（证书：叉车操作）',
    });
    expect(matchJob(job, { ...seeker, skills: [], certifiedSkills: certified('健康证') })!.reasons[1]).toEqual({ factor: 'skills', points: 8, text: '技能重合 1/2：健康证（证书：健康证）' });
  });

  it('does not match another trade, another city, no shared hour or pay below the minimum', () => {
    expect(matchJob({ ...job, trade: 'cleaning' }, seeker)).toBeUndefined();
    expect(matchJob({ ...job, regionCode: '350102' }, seeker)).toBeUndefined();
    expect(matchJob(job, { ...seeker, days: [6, 7] })).toBeUndefined();
    expect(matchJob(job, { ...seeker, windows: [{ start: '18:00', end: '22:00' }] })).toBeUndefined();
    expect(matchJob(job, { ...seeker, payMinFen: 3001 })).toBeUndefined();
  });

  it('matches a piece rate with fewer pay points, since it cannot be compared with a minimum', () => {
    const pay = matchJob({ ...job, pay: { amountFen: 500, unit: 'piece' } }, seeker)!.reasons.find((r) => r.factor === 'pay')!;
    expect(pay.points).toBe(5);
  });

  it('ranks a nearer region above a farther one: same district, chosen city, same city, province-wide', () => {
    const scores = [['350203'], ['350200'], ['350206'], ['350000']].map((regionCodes) => matchJob(job, { ...seeker, regionCodes })!.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(4);
  });

  it('counts overlap across midnight for an overnight shift', () => {
    const night = { ...job, schedule: { ...job.schedule, days: [1], start: '22:00', end: '06:00' } };
    expect(scheduleOverlapHours(night, { days: [2], windows: [{ start: '00:00', end: '04:00' }] })).toBe(4);
    expect(matchJob(night, { ...seeker, days: [2], windows: [{ start: '00:00', end: '04:00' }] })!.reasons.find((r) => r.factor === 'schedule')!.points).toBe(10);
  });

  it('never scores lower for a skill certified, declared or both, and never above 100', () => {
    const pool = ['电动车驾驶', '健康证', '普通话', '叉车操作'];
    fc.assert(
      fc.property(fc.subarray(pool), fc.subarray(pool), fc.subarray(pool), fc.subarray(pool), (jobSkills, declared, vouched, more) => {
        const j = { ...job, skills: jobSkills };
        const base = matchJob(j, { ...seeker, skills: declared, certifiedSkills: certified(...vouched) })!;
        const richer = matchJob(j, { ...seeker, skills: [...new Set([...declared, ...more])], certifiedSkills: certified(...new Set([...vouched, ...more])) })!;
        expect(richer.score).toBeGreaterThanOrEqual(base.score);
        expect(richer.score).toBeLessThanOrEqual(100);
        // Certifying what was declared never lowers the score.
        const vouchedAll = matchJob(j, { ...seeker, skills: declared, certifiedSkills: certified(...new Set([...vouched, ...declared])) })!;
        expect(vouchedAll.score).toBeGreaterThanOrEqual(base.score);
      }),
      { numRuns: 300 },
    );
  });

  it('never scores lower for more shared skills, more free hours or a nearer region (score order)', () => {
    const skills = fc.subarray(['电动车驾驶', '健康证', '普通话', '驾照C1']);
    const dayList = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(skills, skills, dayList, dayList, (jobSkills, held, someDays, moreDays) => {
        const j = { ...job, skills: jobSkills };
        const base = { ...seeker, skills: held, days: someDays };
        const richer = { ...base, skills: [...new Set([...held, ...jobSkills.slice(0, 1)])], days: [...new Set([...someDays, ...moreDays])] };
        const a = matchJob(j, base);
        const b = matchJob(j, richer);
        if (a) expect(b!.score).toBeGreaterThanOrEqual(a.score);
        for (const result of [a, b]) if (result) expect(result.score).toBe(result.reasons.reduce((sum, r) => sum + r.points, 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe('seeker index keys', () => {
  it('puts a seeker under trade × city (or province) so a job meets only the seekers of its trade near it', () => {
    expect(seekerIndexKeys({ trades: ['delivery', 'courier_sorting'], regionCodes: ['350203', '350206', '350000'] }).sort()).toEqual(
      ['courier_sorting#C#3502', 'courier_sorting#P#35', 'delivery#C#3502', 'delivery#P#35'],
    );
    expect(candidateKeysFor(job)).toEqual(['delivery#C#3502', 'delivery#P#35']);
  });

  it('finds every seeker the job can match under the job\'s candidate keys', () => {
    const code = fc.constantFrom('350203', '350206', '350200', '350000', '350102', '350100');
    fc.assert(
      fc.property(fc.uniqueArray(code, { minLength: 1, maxLength: 3 }), code, (regionCodes, jobRegion) => {
        const s = { ...seeker, regionCodes };
        const j = { ...job, regionCode: jobRegion };
        const reachable = seekerIndexKeys(s).some((key) => candidateKeysFor(j).includes(key));
        if (matchJob(j, s)) expect(reachable).toBe(true);
      }),
    );
  });
});
