import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../events/envelope.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import {
  checkinCodeHash,
  ensureCheckinOpen,
  ensureNotOver,
  FairClosedError,
  fairInScope,
  FairNotFoundError,
  intentionEvent,
  jobsToAttach,
  mustExist,
  planFair,
  type Booth,
  type Fair,
  type FairCounts,
} from '../../../functions/jobs/domain/fair.js';
import type { Job } from '../../../functions/jobs/domain/job.js';
import { AlreadyCheckedInSignal, type FairRepository } from '../../../functions/jobs/fair-repository.js';
import { addBooth, checkIn, createCheckinLink, createFair, fairReport, fairStats, recordIntention, type FairPorts } from '../../../functions/jobs/use-cases/fairs.js';
import { openJob } from '../../helpers/jobs.js';

const now = new Date('2026-11-25T00:00:00Z');
const fairInput = { orgId: 'org_b', title: '春风行动招聘会', startsAt: '2026-12-01T09:00:00+08:00', endsAt: '2026-12-01T17:00:00+08:00', venue: '厦门人才中心', online: false };
const org = { id: 'org_b', ancestors: ['org_root', 'org_a'] };
const fair: Fair = {
  id: 'fair_1', orgId: 'org_b', ancestors: ['org_root', 'org_a'], title: '春风行动招聘会',
  startsAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-01T09:00:00.000Z', venue: '厦门人才中心', online: false, createdAt: now.toISOString(),
};
const staff = (orgId: string): Caller => ({ role: 'org_admin', principalId: 'p', sub: 's', orgId });
const worker: Caller = { role: 'worker', principalId: 'p', sub: 's' };

const job = (id: string, over: Partial<Job> = {}): Job => openJob(id, { pay: { amountFen: 24_000, unit: 'day' }, ...over });

describe('planFair()', () => {
  it('normalizes the times, copies the org and announces FairScheduled', () => {
    const { fair: planned, event } = planFair(fairInput, org, { id: 'fair_1', now, province: '35' });
    expect(planned).toEqual(fair);
    expect(planned.ancestors).not.toBe(org.ancestors);
    expect(event).toMatchObject({
      type: 'FairScheduled', province: '35', occurredAt: now.toISOString(),
      data: { fairId: 'fair_1', orgId: 'org_b', ancestors: ['org_root', 'org_a'], startsAt: '2026-12-01T01:00:00.000Z', online: false },
    });
  });

  it('refuses an end not after the start, naming body.endsAt', () => {
    expect(() => planFair({ ...fairInput, endsAt: fairInput.startsAt }, org, { id: 'f', now, province: '35' })).toThrowError(
      expect.objectContaining({ status: 400, errors: [{ path: 'body.endsAt', message: 'must be after startsAt' }] }),
    );
  });

  it('refuses an end at or before now, listing both broken rules', () => {
    expect(() => planFair({ ...fairInput, startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-25T00:00:00Z' }, org, { id: 'f', now, province: '35' })).toThrowError(
      expect.objectContaining({ status: 400, errors: [{ path: 'body.endsAt', message: 'must be after startsAt' }, { path: 'body.endsAt', message: 'must be in the future' }] }),
    );
    const past = { ...fairInput, startsAt: '2026-11-24T00:00:00Z', endsAt: '2026-11-24T23:59:59.999Z' };
    expect(() => planFair(past, org, { id: 'f', now, province: '35' })).toThrowError(expect.objectContaining({ errors: [{ path: 'body.endsAt', message: 'must be in the future' }] }));
    expect(planFair({ ...past, endsAt: '2026-11-25T00:00:00.001Z' }, org, { id: 'f', now, province: '35' }).fair.endsAt).toBe('2026-11-25T00:00:00.001Z');
  });
});

describe('fairInScope() and mustExist()', () => {
  it('answers the fair to staff of its org or an ancestor, and 404 to anyone else', () => {
    expect(fairInScope(staff('org_b'), fair, 'fair_1')).toBe(fair);
    expect(fairInScope(staff('org_root'), fair, 'fair_1')).toBe(fair);
    expect(() => fairInScope(staff('org_other'), fair, 'fair_1')).toThrowError(new FairNotFoundError('fair_1'));
    expect(() => fairInScope(worker, fair, 'fair_1')).toThrowError(FairNotFoundError);
    expect(() => fairInScope(staff('org_b'), undefined, 'fair_x')).toThrowError(expect.objectContaining({ status: 404, message: 'No fair fair_x' }));
  });

  it('mustExist passes a fair through and 404s a missing one', () => {
    expect(mustExist(fair, 'fair_1')).toBe(fair);
    expect(() => mustExist(undefined, 'fair_x')).toThrowError(expect.objectContaining({ name: 'FairNotFoundError', status: 404, message: 'No fair fair_x' }));
  });
});

describe('ensureNotOver() and ensureCheckinOpen()', () => {
  const end = Date.parse(fair.endsAt);
  const start = Date.parse(fair.startsAt);
  it('a fair is over from the instant it ends (409)', () => {
    expect(() => ensureNotOver(fair, new Date(end - 1))).not.toThrow();
    expect(() => ensureNotOver(fair, new Date(end))).toThrowError(expect.objectContaining({ name: 'FairClosedError', status: 409, message: 'Fair fair_1 has ended' }));
  });

  it('check-in opens exactly two hours before the start and closes at the end', () => {
    expect(() => ensureCheckinOpen(fair, new Date(start - 2 * 3600_000))).not.toThrow();
    expect(() => ensureCheckinOpen(fair, new Date(start - 2 * 3600_000 - 1))).toThrowError(
      expect.objectContaining({ status: 409, message: 'Check-in to fair fair_1 opens two hours before it starts' }),
    );
    expect(() => ensureCheckinOpen(fair, new Date(end - 1))).not.toThrow();
    expect(() => ensureCheckinOpen(fair, new Date(end))).toThrowError(new FairClosedError('Fair fair_1 has ended'));
  });
});

describe('jobsToAttach()', () => {
  const jobs = new Map([
    ['job_a', job('job_a')],
    ['job_b', job('job_b')],
    ['job_closed', job('job_closed', { status: 'closed' })],
    ['job_expired', job('job_expired', { expiresAt: now.toISOString() })],
    ['job_other', job('job_other', { employerId: 'acc_other' })],
  ]);
  const booth: Booth = { employerId: 'acc_e', employerName: '某公司', jobIds: ['job_a'], positions: 3, intentions: 0, version: 1 };

  it('attaches own open jobs once each, leaving those already at the booth', () => {
    expect(jobsToAttach(['job_a', 'job_b', 'job_b'], jobs, 'acc_e', undefined, now).map((j) => j.id)).toEqual(['job_a', 'job_b']);
    expect(jobsToAttach(['job_a', 'job_b'], jobs, 'acc_e', booth, now).map((j) => j.id)).toEqual(['job_b']);
    expect(jobsToAttach(['job_a'], jobs, 'acc_e', booth, now)).toEqual([]);
  });

  it("404s another employer's or a missing job", () => {
    expect(() => jobsToAttach(['job_other'], jobs, 'acc_e', undefined, now)).toThrowError(expect.objectContaining({ status: 404, message: 'No job job_other of yours' }));
    expect(() => jobsToAttach(['job_a', 'job_x'], jobs, 'acc_e', undefined, now)).toThrowError(expect.objectContaining({ status: 404, message: 'No job job_x of yours' }));
  });

  it('refuses closed and expired jobs, naming each by its place in the list', () => {
    expect(() => jobsToAttach(['job_a', 'job_closed', 'job_expired'], jobs, 'acc_e', undefined, now)).toThrowError(
      expect.objectContaining({
        status: 400,
        errors: [
          { path: 'body.jobIds.1', message: 'job job_closed is closed' },
          { path: 'body.jobIds.2', message: 'job job_expired is expired' },
        ],
      }),
    );
  });
});

describe('checkinCodeHash() and intentionEvent()', () => {
  it('hashes a code as base64url SHA-256 of its UTF-8', () => {
    expect(checkinCodeHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(checkinCodeHash('abd')).not.toBe(checkinCodeHash('abc'));
  });

  it('FairIntentionRecorded carries the fair, its org and the job', () => {
    expect(intentionEvent(fair, { id: 'job_a', employerId: 'acc_e' }, { now, province: '35' })).toMatchObject({
      type: 'FairIntentionRecorded', province: '35', occurredAt: now.toISOString(),
      data: { fairId: 'fair_1', orgId: 'org_b', ancestors: ['org_root', 'org_a'], startsAt: fair.startsAt, jobId: 'job_a', employerId: 'acc_e' },
    });
  });
});

/** In-memory fair repository: what the use cases wrote, and scripted failures. */
function memory(options: { fairs?: Fair[]; jobs?: Job[]; booths?: Booth[]; clock?: Date; counts?: FairCounts } = {}) {
  const fairs = new Map((options.fairs ?? [fair]).map((f) => [f.id, f]));
  const booths = new Map((options.booths ?? []).map((b) => [b.employerId, b]));
  const jobs = new Map((options.jobs ?? []).map((j) => [j.id, j]));
  const created: { fair: Fair; event: Envelope }[] = [];
  const attached: { booth: Booth | undefined; next: Booth; jobs: string[] }[] = [];
  const codes: string[] = [];
  const checkins = new Map<string, string>();
  const checkinCalls: { fairId: string; workerId: string; codeHash: string | undefined }[] = [];
  const intentions: { fairId: string; placed: unknown; intention: unknown; event: Envelope }[] = [];
  const failures = { attach: 0, checkin: undefined as Error | undefined };
  let nextId = 0;
  const repo = {
    get: async (id: string) => fairs.get(id),
    counts: async (id: string) => (fairs.has(id) ? (options.counts ?? { employers: 0, positions: 0, checkins: 0, intentions: 0 }) : undefined),
    create: async (f: Fair, event: Envelope) => void created.push({ fair: f, event }),
    getBooth: async (_: string, employerId: string) => booths.get(employerId),
    booths: async () => [...booths.values()],
    attach: async (_: Fair, booth: Booth | undefined, next: Booth, js: Job[]) => {
      if (failures.attach > 0) {
        failures.attach--;
        throw new ConcurrentChangeError();
      }
      attached.push({ booth, next, jobs: js.map((j) => j.id) });
    },
    checkin: async (fairId: string, workerId: string, at: Date, codeHash: string | undefined) => {
      checkinCalls.push({ fairId, workerId, codeHash });
      if (failures.checkin) throw failures.checkin;
      if (checkins.has(workerId)) throw new AlreadyCheckedInSignal();
      checkins.set(workerId, at.toISOString());
    },
    checkedInAt: async (_: string, workerId: string) => checkins.get(workerId),
    addCheckinCode: async (_: string, hash: string) => void codes.push(hash),
    fairJob: async (_: string, jobId: string) => (jobId === 'job_a' ? { jobId, employerId: 'acc_e' } : undefined),
    addIntention: async (fairId: string, placed: unknown, intention: unknown, event: Envelope) => void intentions.push({ fairId, placed, intention, event }),
  };
  const orgs = { get: async (id: string) => (id === org.id ? { ...org, name: 'x' } : undefined) };
  const ports: FairPorts = {
    fairs: repo as unknown as FairRepository,
    jobs: { getMany: async (ids: string[]) => new Map(ids.flatMap((id) => (jobs.has(id) ? [[id, jobs.get(id)!] as const] : []))) },
    orgs: orgs as unknown as FairPorts['orgs'],
    clock: { now: () => options.clock ?? now },
    ids: { next: (prefix: string) => `${prefix}_${++nextId}` },
    province: '35',
  };
  return { ports, created, attached, codes, checkins, checkinCalls, intentions, failures };
}

describe('createFair()', () => {
  it('writes the planned fair and its event for staff in scope', async () => {
    const m = memory();
    const created = await createFair(fairInput, staff('org_a'), m.ports);
    expect(created).toEqual(fair);
    expect(m.created).toEqual([{ fair, event: expect.objectContaining({ type: 'FairScheduled' }) }]);
  });

  it('404s an org outside the scope or unknown, writing nothing', async () => {
    const m = memory();
    await expect(createFair(fairInput, staff('org_other'), m.ports)).rejects.toMatchObject({ status: 404, message: 'No org org_b in your scope' });
    await expect(createFair({ ...fairInput, orgId: 'org_x' }, staff('org_a'), m.ports)).rejects.toMatchObject({ status: 404, message: 'No org org_x in your scope' });
    expect(m.created).toEqual([]);
  });
});

describe('addBooth()', () => {
  const employer = { accountId: 'acc_e', name: '某公司' };

  it('opens a booth with the jobs and their headcount', async () => {
    const m = memory({ jobs: [job('job_a'), job('job_b', { headcount: 4 })] });
    const booth = await addBooth('fair_1', ['job_a', 'job_b'], employer, m.ports);
    expect(booth).toEqual({ employerId: 'acc_e', employerName: '某公司', jobIds: ['job_a', 'job_b'], positions: 7, intentions: 0, version: 1 });
    expect(m.attached).toEqual([{ booth: undefined, next: booth, jobs: ['job_a', 'job_b'] }]);
  });

  it('adds to an existing booth, keeping its intentions', async () => {
    const existing: Booth = { employerId: 'acc_e', employerName: '旧名', jobIds: ['job_a'], positions: 3, intentions: 2, version: 3 };
    const m = memory({ jobs: [job('job_a'), job('job_b', { headcount: 4 })], booths: [existing] });
    const booth = await addBooth('fair_1', ['job_a', 'job_b'], employer, m.ports);
    expect(booth).toEqual({ employerId: 'acc_e', employerName: '某公司', jobIds: ['job_a', 'job_b'], positions: 7, intentions: 2, version: 4 });
    expect(m.attached).toEqual([{ booth: existing, next: booth, jobs: ['job_b'] }]);
  });

  it('answers the booth as it is when nothing is new, writing nothing', async () => {
    const existing: Booth = { employerId: 'acc_e', employerName: '某公司', jobIds: ['job_a'], positions: 3, intentions: 0, version: 1 };
    const m = memory({ jobs: [job('job_a')], booths: [existing] });
    expect(await addBooth('fair_1', ['job_a'], employer, m.ports)).toBe(existing);
    expect(m.attached).toEqual([]);
  });

  it('reads again after a concurrent change, at most four times in all', async () => {
    const m = memory({ jobs: [job('job_a')] });
    m.failures.attach = 3;
    expect((await addBooth('fair_1', ['job_a'], employer, m.ports)).version).toBe(1);
    const n = memory({ jobs: [job('job_a')] });
    n.failures.attach = 4;
    await expect(addBooth('fair_1', ['job_a'], employer, n.ports)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(n.attached).toEqual([]);
  });

  it('404s a missing fair and 409s an ended one', async () => {
    await expect(addBooth('fair_x', ['job_a'], employer, memory({ jobs: [job('job_a')] }).ports)).rejects.toMatchObject({ status: 404, message: 'No fair fair_x' });
    await expect(addBooth('fair_1', ['job_a'], employer, memory({ jobs: [job('job_a', { expiresAt: '2027-01-01T00:00:00Z' })], clock: new Date(fair.endsAt) }).ports)).rejects.toMatchObject({
      status: 409, message: 'Fair fair_1 has ended',
    });
  });
});

describe('createCheckinLink()', () => {
  it('stores only the hash of a fresh 128-bit code and links to it on the base origin', async () => {
    const m = memory();
    const link = await createCheckinLink('fair_1', staff('org_b'), 'https://join.example.cn/some/path?x=1', m.ports);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(link.url).toBe(`https://join.example.cn/fairs/fair_1/checkin?token=${link.token}`);
    expect(link.expiresAt).toBe(fair.endsAt);
    expect(m.codes).toEqual([checkinCodeHash(link.token)]);
  });

  it('encodes the fair id in the path', async () => {
    const odd = { ...fair, id: 'fair/1 x' };
    const link = await createCheckinLink('fair/1 x', staff('org_b'), 'https://join.example.cn', memory({ fairs: [odd] }).ports);
    expect(link.url).toBe(`https://join.example.cn/fairs/fair%2F1%20x/checkin?token=${link.token}`);
  });

  it('404s staff out of scope and 409s an ended fair, storing no code', async () => {
    const m = memory();
    await expect(createCheckinLink('fair_1', staff('org_other'), 'https://x.cn', m.ports)).rejects.toMatchObject({ status: 404 });
    const ended = memory({ clock: new Date(fair.endsAt) });
    await expect(createCheckinLink('fair_1', staff('org_b'), 'https://x.cn', ended.ports)).rejects.toMatchObject({ status: 409 });
    expect([...m.codes, ...ended.codes]).toEqual([]);
  });
});

describe('checkIn()', () => {
  const open = new Date(Date.parse(fair.startsAt) - 3600_000);

  it('checks a worker in at an on-site fair with the hash of the code, once', async () => {
    const m = memory({ clock: open });
    expect(await checkIn('fair_1', 'wkr_1', 'code', m.ports)).toEqual({ checkedInAt: open.toISOString(), firstTime: true });
    expect(m.checkinCalls).toEqual([{ fairId: 'fair_1', workerId: 'wkr_1', codeHash: checkinCodeHash('code') }]);
    expect(await checkIn('fair_1', 'wkr_1', 'code', m.ports)).toEqual({ checkedInAt: open.toISOString(), firstTime: false });
  });

  it('answers the first check-in time on a repeat, or now if it cannot be read', async () => {
    const m = memory({ clock: open });
    m.checkins.set('wkr_1', '2026-12-01T00:30:00.000Z');
    expect(await checkIn('fair_1', 'wkr_1', 'code', m.ports)).toEqual({ checkedInAt: '2026-12-01T00:30:00.000Z', firstTime: false });
    m.failures.checkin = new AlreadyCheckedInSignal();
    expect(await checkIn('fair_1', 'wkr_2', 'code', m.ports)).toEqual({ checkedInAt: open.toISOString(), firstTime: false });
  });

  it('rethrows any other failure', async () => {
    const m = memory({ clock: open });
    m.failures.checkin = new Error('boom');
    await expect(checkIn('fair_1', 'wkr_1', 'code', m.ports)).rejects.toThrow('boom');
  });

  it('an on-site fair needs the code (400); an online one ignores it', async () => {
    const m = memory({ clock: open });
    await expect(checkIn('fair_1', 'wkr_1', undefined, m.ports)).rejects.toMatchObject({
      status: 400, errors: [{ path: 'body.checkinToken', message: 'an on-site fair needs the code from the QR code at its entrance' }],
    });
    expect(m.checkinCalls).toEqual([]);
    const online = memory({ clock: open, fairs: [{ ...fair, online: true }] });
    expect(await checkIn('fair_1', 'wkr_1', undefined, online.ports)).toEqual({ checkedInAt: open.toISOString(), firstTime: true });
    expect(await checkIn('fair_1', 'wkr_2', 'code', online.ports)).toMatchObject({ firstTime: true });
    expect(online.checkinCalls.map((c) => c.codeHash)).toEqual([undefined, undefined]);
  });

  it('404s a missing fair and 409s before check-in opens', async () => {
    await expect(checkIn('fair_x', 'wkr_1', 'code', memory({ clock: open }).ports)).rejects.toMatchObject({ status: 404 });
    await expect(checkIn('fair_1', 'wkr_1', 'code', memory({ clock: now }).ports)).rejects.toMatchObject({ status: 409 });
  });
});

describe('recordIntention()', () => {
  it('records the intention at the booth showing the job, with its event', async () => {
    const m = memory();
    expect(await recordIntention('fair_1', 'job_a', 'wkr_1', m.ports)).toEqual({ intentionId: 'fint_1' });
    expect(m.intentions).toEqual([{
      fairId: 'fair_1', placed: { jobId: 'job_a', employerId: 'acc_e' }, intention: { workerId: 'wkr_1', intentionId: 'fint_1', at: now },
      event: expect.objectContaining({ type: 'FairIntentionRecorded', province: '35', data: expect.objectContaining({ jobId: 'job_a', employerId: 'acc_e', fairId: 'fair_1' }) }),
    }]);
  });

  it('404s a job no booth shows and a missing fair; 409s an ended fair', async () => {
    const m = memory();
    await expect(recordIntention('fair_1', 'job_b', 'wkr_1', m.ports)).rejects.toMatchObject({ status: 404, message: 'No booth at fair fair_1 shows job job_b' });
    await expect(recordIntention('fair_x', 'job_a', 'wkr_1', m.ports)).rejects.toMatchObject({ status: 404, message: 'No fair fair_x' });
    await expect(recordIntention('fair_1', 'job_a', 'wkr_1', memory({ clock: new Date(fair.endsAt) }).ports)).rejects.toMatchObject({ status: 409 });
    expect(m.intentions).toEqual([]);
  });
});

describe('fairStats() and fairReport()', () => {
  const counts = { employers: 2, positions: 9, checkins: 5, intentions: 1 };
  it('answers the counters, or 404', async () => {
    const m = memory({ counts });
    expect(await fairStats('fair_1', m.ports)).toEqual(counts);
    await expect(fairStats('fair_x', m.ports)).rejects.toMatchObject({ status: 404, message: 'No fair fair_x' });
  });

  it('reports the fair, its booths and counters to staff in scope only', async () => {
    const booth: Booth = { employerId: 'acc_e', employerName: '某公司', jobIds: ['job_a'], positions: 3, intentions: 1, version: 1 };
    const m = memory({ counts, booths: [booth] });
    expect(await fairReport('fair_1', staff('org_a'), m.ports)).toEqual({ fair, booths: [booth], counts });
    await expect(fairReport('fair_1', staff('org_other'), m.ports)).rejects.toMatchObject({ status: 404, message: 'No fair fair_1' });
  });
});
