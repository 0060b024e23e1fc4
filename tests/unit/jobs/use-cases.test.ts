import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../events/envelope.js';
import type { Job } from '../../../functions/jobs/domain/job.js';
import type { SeekerProfile } from '../../../functions/jobs/domain/seeker.js';
import type { StoredMatch } from '../../../functions/jobs/seeker-repository.js';
import { changeJob, type ChangeJobPorts } from '../../../functions/jobs/use-cases/change-job.js';
import { matchJobToSeekers, type MatcherPorts } from '../../../functions/jobs/use-cases/matching.js';
import { postJob, type PostJobPorts } from '../../../functions/jobs/use-cases/post-job.js';

const clock = { now: () => new Date('2026-11-25T00:00:00Z') };
const input = {
  title: '午高峰外卖骑手',
  trade: 'delivery' as const,
  skills: ['电动车驾驶', '电动车驾驶'],
  headcount: 5,
  pay: { amountFen: 24_000, unit: 'day' as const },
  schedule: { startDate: '2026-12-01', days: [1, 2, 3], start: '22:00', end: '06:00' },
  regionCode: '350203',
  address: '厦门市思明区',
  expiresAt: '2026-12-31T00:00:00Z',
};

/** In-memory ports: jobs in a map, and what was committed. */
function memory() {
  const stored = new Map<string, Job>();
  const committed: { job: Job; event: Envelope }[] = [];
  const jobs = {
    get: async (id: string) => stored.get(id),
    create: async (job: Job, event: Envelope) => void (stored.set(job.id, job), committed.push({ job, event })),
    replace: async (_: Job, job: Job, event: Envelope) => void (stored.set(job.id, job), committed.push({ job, event })),
  };
  const ports: PostJobPorts & ChangeJobPorts = { jobs, clock, ids: { next: (prefix) => `${prefix}_1` }, province: '35' };
  return { ports, committed };
}

describe('postJob()', () => {
  it('commits an open job with its JobPosted event, skills once each and the expiry normalized', async () => {
    const { ports, committed } = memory();
    const job = await postJob(input, { accountId: 'acc_e', name: '某公司' }, ports);
    expect(job).toMatchObject({ id: 'job_1', status: 'open', version: 1, skills: ['电动车驾驶'], expiresAt: '2026-12-31T00:00:00.000Z', employerId: 'acc_e' });
    expect(committed.map((c) => c.event)).toEqual([expect.objectContaining({ type: 'JobPosted', data: { jobId: 'job_1', employerId: 'acc_e', trade: 'delivery', regionCode: '350203', headcount: 5 } })]);
  });

  it('commits nothing for a region outside the province or a past expiry', async () => {
    const { ports, committed } = memory();
    await expect(postJob({ ...input, regionCode: '110101', expiresAt: '2026-01-01T00:00:00Z' }, { accountId: 'acc_e', name: '某公司' }, ports)).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'body.regionCode' }, { path: 'body.expiresAt' }].map((e) => expect.objectContaining(e)),
    });
    expect(committed).toEqual([]);
  });
});

describe('changeJob()', () => {
  it('refuses another employer (403) and a closed job (409), committing nothing', async () => {
    const { ports, committed } = memory();
    await postJob(input, { accountId: 'acc_e', name: '某公司' }, ports);
    await expect(changeJob('job_1', { kind: 'close' }, 'acc_other', ports)).rejects.toMatchObject({ status: 403 });
    await changeJob('job_1', { kind: 'close' }, 'acc_e', ports);
    await expect(changeJob('job_1', { kind: 'edit', input }, 'acc_e', ports)).rejects.toMatchObject({ status: 409 });
    await expect(changeJob('job_missing', { kind: 'close' }, 'acc_e', ports)).rejects.toMatchObject({ status: 404 });
    expect(committed.map((c) => c.event.type)).toEqual(['JobPosted', 'JobClosed']);
  });
});

describe('matchJobToSeekers()', () => {
  const profile = (workerId: string, trades: SeekerProfile['trades']): SeekerProfile => ({
    workerId, trades, skills: [], regionCodes: ['350203'], days: [1, 2, 3, 4, 5], windows: [], payMinFen: null, certifiedSkills: [], updatedAt: 'x', pseudonymSalt: `salt-${workerId}`,
  });

  function matcher(job: Job, seekers: SeekerProfile[], existing: StoredMatch[] = []) {
    const writes: { put: StoredMatch[]; remove: Pick<StoredMatch, 'jobId' | 'workerId'>[] }[] = [];
    const asked: string[][] = [];
    const ports: MatcherPorts = {
      jobs: { get: async () => job, newest: async () => [] },
      seekers: {
        getProfile: async () => undefined,
        candidates: async (keys) => (asked.push(keys), seekers),
        jobMatches: async () => existing,
        seekerMatches: async () => [],
        writeMatches: async (put, remove) => void writes.push({ put, remove }),
      },
      clock,
    };
    return { ports, writes, asked };
  }

  it('reads only its trade\'s seekers in its city and province-wide, and keeps the ones that fit', async () => {
    const { ports } = memory();
    const job = await postJob(input, { accountId: 'acc_e', name: '某公司' }, ports);
    const m = matcher(job, [profile('worker:a', ['delivery']), profile('worker:b', ['cleaning'])]);
    const run = await matchJobToSeekers(job.id, m.ports);
    expect(m.asked).toEqual([['delivery#C#3502', 'delivery#P#35']]);
    expect(run).toEqual({ considered: 2, matched: 1, removed: 0 });
    expect(m.writes[0]!.put.map((match) => match.workerId)).toEqual(['worker:a']);
    expect(m.writes[0]!.put[0]!.seekerId).toMatch(/^skr_/);
  });

  it('removes every match of a closed job and rewrites nothing unchanged', async () => {
    const { ports } = memory();
    const job = await postJob(input, { accountId: 'acc_e', name: '某公司' }, ports);
    const first = matcher(job, [profile('worker:a', ['delivery'])]);
    await matchJobToSeekers(job.id, first.ports);
    const again = matcher(job, [profile('worker:a', ['delivery'])], first.writes[0]!.put);
    await matchJobToSeekers(job.id, again.ports);
    expect(again.writes[0]).toEqual({ put: [], remove: [] });
    const closed = matcher({ ...job, status: 'closed' }, [profile('worker:a', ['delivery'])], first.writes[0]!.put);
    expect(await matchJobToSeekers(job.id, closed.ports)).toEqual({ considered: 0, matched: 0, removed: 1 });
    expect(closed.asked).toEqual([]);
  });
});
