import { describe, expect, it } from 'vitest';
import { contactContext, IntentionNotFoundError, InterestInputSchema, planInterest } from '../../../functions/jobs/domain/interest.js';
import { planProfile, SeekerInputSchema, seekerPseudonym, type SeekerProfile } from '../../../functions/jobs/domain/seeker.js';

const now = new Date('2026-11-25T00:00:00.000Z');
const input = SeekerInputSchema.parse({ trades: ['delivery', 'delivery', 'cleaning'], skills: ['电动车驾驶', '电动车驾驶'], regionCodes: ['350203', '350203', '350206'], days: [1, 2] });

describe('planProfile()', () => {
  it('keeps each trade, skill and region once, all day when no windows, no pay floor when none', () => {
    const { profile, event } = planProfile(input, { workerId: 'worker:w', previous: undefined, salt: 'salt-1', now, province: '35' });
    expect(profile).toEqual({
      workerId: 'worker:w',
      trades: ['delivery', 'cleaning'],
      skills: ['电动车驾驶'],
      regionCodes: ['350203', '350206'],
      days: [1, 2],
      windows: [],
      payMinFen: null,
      certifiedSkills: [],
      updatedAt: now.toISOString(),
      pseudonymSalt: 'salt-1',
    });
    expect(event).toMatchObject({ type: 'SeekerProfileUpdated', province: '35', data: { workerId: 'worker:w' } });
  });

  it('keeps the salt of an earlier profile, so the employer\'s pseudonyms for the seeker stay the same', () => {
    const previous = { pseudonymSalt: 'old-salt' } as SeekerProfile;
    const { profile } = planProfile({ ...input, windows: [{ start: '14:00', end: '17:00' }], payMinFen: 2500 }, { workerId: 'worker:w', previous, salt: 'new', now, province: '35' });
    expect(profile).toMatchObject({ pseudonymSalt: 'old-salt', windows: [{ start: '14:00', end: '17:00' }], payMinFen: 2500 });
  });
});

describe('planInterest()', () => {
  const context = { jobId: 'job_1', workerId: 'worker:w', intentionId: 'int_1', seekerId: 'skr_x', sealed: 'sealed-mobile', now };

  it('shows the shared mobile masked, keeps it sealed, and waits for the employer', () => {
    expect(planInterest({ mobile: '13812345678', note: '周末可以' }, context)).toEqual({
      intentionId: 'int_1',
      jobId: 'job_1',
      workerId: 'worker:w',
      seekerId: 'skr_x',
      mobileMasked: '138****5678',
      contactSealed: 'sealed-mobile',
      note: '周末可以',
      status: 'pending',
      createdAt: now.toISOString(),
      acceptedAt: null,
    });
  });

  it('shares nothing the worker did not give', () => {
    expect(planInterest(InterestInputSchema.parse(undefined), { ...context, sealed: null })).toMatchObject({ mobileMasked: null, contactSealed: null, note: null });
  });

  it('binds a sealed contact to its job and interest only', () => {
    expect(contactContext({ jobId: 'job_1', intentionId: 'int_1' })).toEqual({ jobId: 'job_1', intentionId: 'int_1' });
  });

  it('says which interest is missing', () => {
    expect(new IntentionNotFoundError('int_9')).toMatchObject({ status: 404, message: 'No interest int_9 in this job' });
  });
});
