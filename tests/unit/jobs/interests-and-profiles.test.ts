import type { AuditEntry } from '../../../shared/audit.js';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../events/envelope.js';
import { contactContext, IntentionNotFoundError, planInterest, type Interest } from '../../../functions/jobs/domain/interest.js';
import type { Job } from '../../../functions/jobs/domain/job.js';
import { planProfile, seekerPseudonym, type SeekerCertificate, type SeekerInput, type SeekerProfile } from '../../../functions/jobs/domain/seeker.js';
import type { StoredMatch } from '../../../functions/jobs/seeker-repository.js';
import { acceptInterest, expressInterest, listInterests, type InterestPorts } from '../../../functions/jobs/use-cases/interests.js';
import { listJobMatches, listSeekerMatches, type ListMatchesPorts } from '../../../functions/jobs/use-cases/list-matches.js';
import { putProfile, type PutProfilePorts } from '../../../functions/jobs/use-cases/put-profile.js';
import { openJob } from '../../helpers/jobs.js';

const now = new Date('2026-11-25T00:00:00Z');
const job = openJob;

describe('planInterest()', () => {
  const context = { jobId: 'job_1', workerId: 'wkr_1', intentionId: 'int_1', seekerId: 'skr_x', sealed: 'sealed', now };
  it('a pending interest with the mobile masked and the note kept', () => {
    expect(planInterest({ mobile: '13812345678', note: '周末可以' }, context)).toEqual({
      intentionId: 'int_1', jobId: 'job_1', workerId: 'wkr_1', seekerId: 'skr_x', mobileMasked: '138****5678', contactSealed: 'sealed',
      note: '周末可以', status: 'pending', createdAt: now.toISOString(), acceptedAt: null,
    });
  });

  it('without a mobile or note those are null', () => {
    expect(planInterest({}, { ...context, sealed: null })).toMatchObject({ mobileMasked: null, contactSealed: null, note: null });
  });

  it('the contact context names the job and interest only', () => {
    expect(contactContext({ jobId: 'job_1', intentionId: 'int_1', note: 'x' } as Interest)).toEqual({ jobId: 'job_1', intentionId: 'int_1' });
    expect(new IntentionNotFoundError('int_9')).toMatchObject({ status: 404, message: 'No interest int_9 in this job', name: 'IntentionNotFoundError' });
  });
});

const seekerInput: SeekerInput = { trades: ['delivery', 'delivery', 'retail'], skills: ['a', 'a', 'b'], regionCodes: ['350203', '350203', '350200'], days: [1, 2] };

describe('planProfile()', () => {
  const context = { workerId: 'wkr_1', previous: undefined, salt: 'salt_new', now, province: '35' };
  it('keeps each trade, skill and region once, with defaults for windows and pay', () => {
    const { profile, event } = planProfile(seekerInput, context);
    expect(profile).toEqual({
      workerId: 'wkr_1', trades: ['delivery', 'retail'], skills: ['a', 'b'], regionCodes: ['350203', '350200'], days: [1, 2],
      windows: [], payMinFen: null, certifiedSkills: [], updatedAt: now.toISOString(), pseudonymSalt: 'salt_new',
    });
    expect(event).toMatchObject({ type: 'SeekerProfileUpdated', province: '35', occurredAt: now.toISOString(), data: { workerId: 'wkr_1' } });
  });

  it('keeps the windows, pay and the previous salt', () => {
    const previous = { pseudonymSalt: 'salt_old' } as SeekerProfile;
    const windows = [{ start: '22:00', end: '06:00' }];
    expect(planProfile({ ...seekerInput, windows, payMinFen: 2_000 }, { ...context, previous }).profile).toMatchObject({ windows, payMinFen: 2_000, pseudonymSalt: 'salt_old' });
  });

  it('refuses every region outside the province, by its place', () => {
    expect(() => planProfile({ ...seekerInput, regionCodes: ['350203', '110101', '440300'] }, context)).toThrowError(
      expect.objectContaining({
        status: 400,
        errors: [
          { path: 'body.regionCodes.1', message: 'must lie within province 35' },
          { path: 'body.regionCodes.2', message: 'must lie within province 35' },
        ],
      }),
    );
  });
});

describe('seekerPseudonym()', () => {
  it('is stable per job, different across jobs and salts', () => {
    const p = { pseudonymSalt: 's1' };
    expect(seekerPseudonym(p, 'job_1')).toMatch(/^skr_[A-Za-z0-9_-]{22}$/);
    expect(seekerPseudonym(p, 'job_1')).toBe(seekerPseudonym({ pseudonymSalt: 's1' }, 'job_1'));
    expect(seekerPseudonym(p, 'job_2')).not.toBe(seekerPseudonym(p, 'job_1'));
    expect(seekerPseudonym({ pseudonymSalt: 's2' }, 'job_1')).not.toBe(seekerPseudonym(p, 'job_1'));
    // The separator keeps salt and job id apart: ('s1', 'x') is not ('s1x', '').
    expect(seekerPseudonym({ pseudonymSalt: 's1x' }, '')).not.toBe(seekerPseudonym(p, 'x'));
  });
});

describe('putProfile()', () => {
  function ports(previous?: SeekerProfile, certificates: SeekerCertificate[] = []) {
    const written: { profile: SeekerProfile; previous: SeekerProfile | undefined; event: Envelope }[] = [];
    const p: PutProfilePorts = {
      seekers: { getProfile: async () => previous, certificates: async () => certificates, putProfile: async (profile, prev, event) => void written.push({ profile, previous: prev, event }) },
      clock: { now: () => now },
      ids: { next: (prefix) => `${prefix}_1` },
      province: '35',
    };
    return { p, written };
  }

  it('writes the planned profile conditioned on the one read', async () => {
    const { p, written } = ports();
    const profile = await putProfile(seekerInput, 'wkr_1', p);
    expect(profile.pseudonymSalt).toBe('salt_1');
    expect(written).toEqual([{ profile, previous: undefined, event: expect.objectContaining({ type: 'SeekerProfileUpdated' }) }]);
    const previous = { ...profile, pseudonymSalt: 'salt_old' };
    const again = ports(previous);
    expect((await putProfile(seekerInput, 'wkr_1', again.p)).pseudonymSalt).toBe('salt_old');
    expect(again.written[0]!.previous).toBe(previous);
  });

  it('keeps the skills the worker\'s course certificates vouch for, whatever the body says', async () => {
    const forklift: SeekerCertificate = { certificateNo: 'CERT-35-2026-0000000001', courseId: 'crs_1', kind: 'skills', skills: ['叉车操作'], issuedAt: now.toISOString() };
    const { p } = ports(undefined, [forklift]);
    const profile = await putProfile({ ...seekerInput, skills: [] }, 'wkr_1', p);
    expect(profile).toMatchObject({ skills: [], certifiedSkills: [{ skill: '叉车操作', certificateNo: 'CERT-35-2026-0000000001' }] });
  });

  it('writes nothing for a region outside the province', async () => {
    const { p, written } = ports();
    await expect(putProfile({ ...seekerInput, regionCodes: ['110101'] }, 'wkr_1', p)).rejects.toMatchObject({ status: 400 });
    expect(written).toEqual([]);
  });
});

function interestPorts(options: { jobs?: Job[]; profile?: SeekerProfile; interests?: Interest[] } = {}) {
  const jobs = new Map((options.jobs ?? [job('job_1')]).map((j) => [j.id, j]));
  const added: { interest: Interest; now: Date; event: Envelope }[] = [];
  const accepted: unknown[][] = [];
  const encrypted: unknown[][] = [];
  const audited: AuditEntry[] = [];
  let n = 0;
  const ports: InterestPorts = {
    jobs: {
      get: async (id) => jobs.get(id),
      addInterest: async (interest, at, event) => void added.push({ interest, now: at, event }),
      getInterest: async (jobId, id) => options.interests?.find((i) => i.jobId === jobId && i.intentionId === id),
      listInterests: async () => ({ items: options.interests ?? [], nextCursor: 'next' }),
      acceptInterest: async (...args) => void accepted.push(args),
    },
    seekers: { getProfile: async () => options.profile },
    vault: {
      encrypt: async (plain, context) => (encrypted.push([plain, context]), `sealed:${plain}:${JSON.stringify(context)}`),
      decrypt: async (sealed, context) => {
        const [, plain, ctx] = /^sealed:(.*):(\{.*\})$/.exec(sealed)!;
        if (ctx !== JSON.stringify(context)) throw new Error('wrong context');
        return plain!;
      },
    },
    audit: { record: async (entry) => void audited.push(entry) },
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${++n}` },
    province: '35',
  };
  return { ports, added, accepted, encrypted, audited };
}

describe('expressInterest()', () => {
  it('seals the mobile under the interest ids and uses the profile pseudonym', async () => {
    const profile = { pseudonymSalt: 's1' } as SeekerProfile;
    const m = interestPorts({ profile });
    const interest = await expressInterest('job_1', { mobile: '13812345678' }, 'wkr_1', m.ports);
    expect(interest).toMatchObject({ intentionId: 'int_1', jobId: 'job_1', workerId: 'wkr_1', seekerId: seekerPseudonym(profile, 'job_1'), mobileMasked: '138****5678', status: 'pending' });
    expect(m.encrypted).toEqual([[JSON.stringify({ mobile: '13812345678' }), { jobId: 'job_1', intentionId: 'int_1' }]]);
    expect(interest.contactSealed).toBe(`sealed:${JSON.stringify({ mobile: '13812345678' })}:${JSON.stringify({ jobId: 'job_1', intentionId: 'int_1' })}`);
    expect(m.added).toEqual([{ interest, now, event: expect.objectContaining({ type: 'JobInterestExpressed', province: '35' }) }]);
    // The employer hears of the interest under the job's pseudonym, never the worker or the mobile.
    expect(m.added[0]!.event.data).toEqual({ jobId: 'job_1', employerId: job('job_1').employerId, intentionId: 'int_1', seekerId: interest.seekerId });
  });

  it('without a profile a fresh pseudonym, without a mobile nothing sealed', async () => {
    const m = interestPorts();
    const interest = await expressInterest('job_1', {}, 'wkr_1', m.ports);
    expect(interest).toMatchObject({ intentionId: 'int_1', seekerId: 'skr_2', contactSealed: null, mobileMasked: null });
    expect(m.encrypted).toEqual([]);
  });

  it('404s a missing job and 409s a closed or expired one, writing nothing', async () => {
    const m = interestPorts({ jobs: [job('job_c', { status: 'closed' }), job('job_x', { expiresAt: now.toISOString() })] });
    await expect(expressInterest('job_1', {}, 'wkr_1', m.ports)).rejects.toMatchObject({ status: 404, message: 'No job job_1' });
    await expect(expressInterest('job_c', {}, 'wkr_1', m.ports)).rejects.toMatchObject({ status: 409, message: 'Job job_c is closed' });
    await expect(expressInterest('job_x', {}, 'wkr_1', m.ports)).rejects.toMatchObject({ status: 409, message: 'Job job_x is expired' });
    expect(m.added).toEqual([]);
  });
});

const employer = (accountId: string) => ({ role: 'employer' as const, principalId: accountId, accountId, name: '雇主' });

describe('listInterests() and acceptInterest()', () => {
  const sealedFor = (intentionId: string, mobile: string) => `sealed:${JSON.stringify({ mobile })}:${JSON.stringify({ jobId: 'job_1', intentionId })}`;
  const base: Interest = {
    intentionId: 'int_1', jobId: 'job_1', workerId: 'wkr_1', seekerId: 'skr_1', mobileMasked: '138****5678', contactSealed: sealedFor('int_1', '13812345678'),
    note: null, status: 'pending', createdAt: now.toISOString(), acceptedAt: null,
  };
  const acceptedOne: Interest = { ...base, intentionId: 'int_2', contactSealed: sealedFor('int_2', '13900000000'), mobileMasked: '139****0000', status: 'accepted', acceptedAt: '2026-11-20T00:00:00.000Z' };
  const noContact: Interest = { ...base, intentionId: 'int_3', contactSealed: null, mobileMasked: null, status: 'accepted' };

  it('shows pending mobiles masked and opens accepted ones, recording the opening', async () => {
    const m = interestPorts({ interests: [base, acceptedOne, noContact] });
    expect(await listInterests('job_1', employer('acc_e'), { limit: 10 }, m.ports)).toEqual({
      items: [
        { interest: base, mobile: '138****5678' },
        { interest: acceptedOne, mobile: '13900000000' },
        { interest: noContact, mobile: null },
      ],
      nextCursor: 'next',
    });
    expect(m.audited).toEqual([{ action: 'contacts.reveal', actor: employer('acc_e'), subjects: ['int_2'] }]);
  });

  it('records nothing when no contact is opened', async () => {
    const m = interestPorts({ interests: [base, noContact] });
    await listInterests('job_1', employer('acc_e'), { limit: 10 }, m.ports);
    expect(m.audited).toEqual([]);
  });

  it('shows nothing when the audit log cannot be written', async () => {
    const m = interestPorts({ interests: [acceptedOne] });
    m.ports.audit = { record: async () => { throw new Error('audit table unavailable'); } };
    await expect(listInterests('job_1', employer('acc_e'), { limit: 10 }, m.ports)).rejects.toThrow('audit table unavailable');
    await expect(acceptInterest('job_1', 'int_2', employer('acc_e'), m.ports)).rejects.toThrow('audit table unavailable');
  });

  it("404s another employer's job", async () => {
    const m = interestPorts({ interests: [base] });
    await expect(listInterests('job_1', employer('acc_other'), { limit: 10 }, m.ports)).rejects.toMatchObject({ status: 404, message: 'No job job_1' });
    await expect(acceptInterest('job_1', 'int_1', employer('acc_other'), m.ports)).rejects.toMatchObject({ status: 404, message: 'No job job_1' });
    expect(m.accepted).toEqual([]);
  });

  it('accepts, stamping the time once, and opens the contact', async () => {
    const m = interestPorts({ interests: [base, acceptedOne] });
    expect(await acceptInterest('job_1', 'int_1', employer('acc_e'), m.ports)).toEqual({ interest: { ...base, status: 'accepted', acceptedAt: now.toISOString() }, mobile: '13812345678' });
    expect(m.accepted).toEqual([['job_1', 'int_1', now]]);
    expect(await acceptInterest('job_1', 'int_2', employer('acc_e'), m.ports)).toEqual({ interest: acceptedOne, mobile: '13900000000' });
    expect(m.audited.map((entry) => entry.subjects)).toEqual([['int_1'], ['int_2']]);
  });

  it('404s an interest not of this job', async () => {
    const m = interestPorts({ interests: [base] });
    await expect(acceptInterest('job_1', 'int_9', employer('acc_e'), m.ports)).rejects.toMatchObject({ name: 'IntentionNotFoundError', status: 404, message: 'No interest int_9 in this job' });
    expect(m.accepted).toEqual([]);
  });
});

describe('listSeekerMatches() and listJobMatches()', () => {
  const match = (jobId: string): StoredMatch => ({ jobId, workerId: 'wkr_1', seekerId: 'skr_1', jobExpiresAt: '2026-12-31T00:00:00.000Z', score: 80, reasons: [] } as unknown as StoredMatch);
  function ports(jobs: Job[]) {
    const asked: string[][] = [];
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const p: ListMatchesPorts = {
      jobs: { get: async (id) => byId.get(id), getMany: async (ids) => (asked.push(ids), new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])))) },
      seekers: {
        listSeekerMatches: async () => ({ items: [match('job_1'), match('job_closed'), match('job_gone'), match('job_expired')], nextCursor: 'c2' }),
        listJobMatches: async (jobId, page) => ({ items: [match(jobId)], nextCursor: String(page.limit) }),
      },
      clock: { now: () => now },
    };
    return { p, asked };
  }

  it("a worker's matches keep only jobs still open, each with its job", async () => {
    const { p, asked } = ports([job('job_1'), job('job_closed', { status: 'closed' }), job('job_expired', { expiresAt: now.toISOString() })]);
    expect(await listSeekerMatches('wkr_1', { limit: 10 }, p)).toEqual({ items: [{ ...match('job_1'), job: job('job_1') }], nextCursor: 'c2' });
    expect(asked).toEqual([['job_1', 'job_closed', 'job_gone', 'job_expired']]);
  });

  it("a job's matches for its employer; none once closed; 404 for another", async () => {
    const { p } = ports([job('job_1'), job('job_closed', { status: 'closed' })]);
    expect(await listJobMatches('job_1', 'acc_e', { limit: 5 }, p)).toEqual({ items: [match('job_1')], nextCursor: '5' });
    expect(await listJobMatches('job_closed', 'acc_e', { limit: 5 }, p)).toEqual({ items: [], nextCursor: null });
    await expect(listJobMatches('job_1', 'acc_other', { limit: 5 }, p)).rejects.toMatchObject({ status: 404, message: 'No job job_1' });
    await expect(listJobMatches('job_9', 'acc_e', { limit: 5 }, p)).rejects.toMatchObject({ status: 404 });
  });
});
