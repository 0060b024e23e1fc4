import { randomBytes } from 'node:crypto';
import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import { InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import { withRetries } from '../../../shared/retry.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import {
  checkinCodeHash,
  checkinUrl,
  ensureCheckinOpen,
  ensureNotOver,
  fairInScope,
  intentionEvent,
  jobsToAttach,
  mustExist,
  planFair,
  type Booth,
  type Fair,
  type FairCounts,
  type FairInput,
} from '../domain/fair.js';
import { AlreadyCheckedInSignal, type FairRepository } from '../fair-repository.js';
import type { JobRepository } from '../job-repository.js';
import type { OrgTree } from '../org-tree.js';

export interface FairPorts {
  fairs: FairRepository;
  jobs: Pick<JobRepository, 'getMany'>;
  orgs: Pick<OrgTree, 'get'>;
  clock: Clock;
  ids: Ids;
  province: string;
}

/**
 * Union staff schedule a fair for an org in their subtree.
 *
 * 1. Find the org in the service's copy of the tree; outside the caller's subtree (or not
 *    projected yet) it is not found.
 * 2. Decide with `planFair`: it ends after it starts, and in the future.
 * 3. Write the fair with zeroed counters and `FairScheduled` (org stats count it) in one transaction.
 */
export async function createFair(input: FairInput, caller: Caller, ports: FairPorts): Promise<Fair> {
  const org = orgInScope(caller, await ports.orgs.get(input.orgId), () => new NotFoundError(`No org ${input.orgId} in your scope`));
  const { fair, event } = planFair(input, org, { id: ports.ids.next('fair'), now: ports.clock.now(), province: ports.province });
  await ports.fairs.create(fair, event);
  return fair;
}

/**
 * An employer puts its own open jobs at its booth of a fair that has not ended.
 *
 * 1. Load the fair (404), its booth of this employer if any, and the jobs (another employer's
 *    job is not found; a closed or expired one is refused, naming it).
 * 2. Write the booth, each new job's place at the fair and the fair's `employers` and
 *    `positions` counters in one transaction conditioned on the booth and jobs as read; a
 *    concurrent change reads again, a few times at most.
 */
export async function addBooth(fairId: string, jobIds: string[], employer: { accountId: string; name: string }, ports: FairPorts): Promise<Booth> {
  return withRetries(
    async () => {
      const fair = mustExist(await ports.fairs.get(fairId), fairId);
      const now = ports.clock.now();
      ensureNotOver(fair, now);
      const [booth, jobs] = await Promise.all([ports.fairs.getBooth(fairId, employer.accountId), ports.jobs.getMany(jobIds)]);
      const attach = jobsToAttach(jobIds, jobs, employer.accountId, booth, now);
      const next: Booth = {
        employerId: employer.accountId,
        employerName: employer.name,
        jobIds: [...(booth?.jobIds ?? []), ...attach.map((job) => job.id)],
        positions: (booth?.positions ?? 0) + attach.reduce((sum, job) => sum + job.headcount, 0),
        intentions: booth?.intentions ?? 0,
        version: (booth?.version ?? 0) + 1,
      };
      if (booth && attach.length === 0) return booth;
      await ports.fairs.attach(fair, booth, next, attach);
      return next;
    },
    { times: 4, isRetryable: (error) => error instanceof ConcurrentChangeError },
  );
}

/**
 * Staff of the organizing org (or an ancestor) issue a check-in code for the QR code at the
 * entrance: 128 random bits, kept on the fair only as a hash; it works until the fair ends.
 */
export async function createCheckinLink(fairId: string, caller: Caller, baseUrl: string, ports: FairPorts): Promise<{ token: string; url: string; expiresAt: string }> {
  const fair = fairInScope(caller, await ports.fairs.get(fairId), fairId);
  ensureNotOver(fair, ports.clock.now());
  const token = randomBytes(16).toString('base64url');
  await ports.fairs.addCheckinCode(fair.id, checkinCodeHash(token));
  return { token, url: checkinUrl(baseUrl, fair.id, token), expiresAt: fair.endsAt };
}

/**
 * A worker checks in at a fair, once.
 *
 * 1. Load the fair (404); check-in is open from two hours before it starts until it ends (409).
 * 2. An on-site fair needs the code from the QR code at its entrance (400 without it or with a
 *    wrong one); an online fair needs none.
 * 3. Write the check-in and count it in one transaction; a repeat writes nothing and answers the
 *    first check-in (`firstTime: false`).
 */
export async function checkIn(fairId: string, workerId: string, token: string | undefined, ports: FairPorts): Promise<{ checkedInAt: string; firstTime: boolean }> {
  const fair = mustExist(await ports.fairs.get(fairId), fairId);
  const now = ports.clock.now();
  ensureCheckinOpen(fair, now);
  if (!fair.online && token === undefined) throw InvalidInputError.field('body.checkinToken', 'an on-site fair needs the code from the QR code at its entrance');
  const codeHash = fair.online || token === undefined ? undefined : checkinCodeHash(token);
  try {
    await ports.fairs.checkin(fair.id, workerId, now, codeHash);
    return { checkedInAt: now.toISOString(), firstTime: true };
  } catch (error) {
    if (!(error instanceof AlreadyCheckedInSignal)) throw error;
    return { checkedInAt: (await ports.fairs.checkedInAt(fair.id, workerId)) ?? now.toISOString(), firstTime: false };
  }
}

/**
 * A checked-in worker tells a booth they want one of its jobs (a hiring intention).
 *
 * 1. Load the fair (404; 409 once ended) and the job's place at it (404 if no booth shows it).
 * 2. Write the intention, count it on the fair and the booth, and `FairIntentionRecorded`, in one
 *    transaction on the conditions that the worker checked in (409) and has not recorded this
 *    intention before (409).
 */
export async function recordIntention(fairId: string, jobId: string, workerId: string, ports: FairPorts): Promise<{ intentionId: string }> {
  const fair = mustExist(await ports.fairs.get(fairId), fairId);
  const now = ports.clock.now();
  ensureNotOver(fair, now);
  const placed = await ports.fairs.fairJob(fair.id, jobId);
  if (!placed) throw new NotFoundError(`No booth at fair ${fairId} shows job ${jobId}`);
  const intentionId = ports.ids.next('fint');
  await ports.fairs.addIntention(fair.id, placed, { workerId, intentionId, at: now }, intentionEvent(fair, { id: jobId, employerId: placed.employerId }, { now, province: ports.province }));
  return { intentionId };
}

/** The fair's counters: anyone with a credential may see them (they name no one). */
export async function fairStats(fairId: string, ports: FairPorts): Promise<FairCounts> {
  const counts = await ports.fairs.counts(fairId);
  if (!counts) throw new NotFoundError(`No fair ${fairId}`);
  return counts;
}

/** The organizing union's report: the fair, each employer's booth, and the totals, for staff in scope. */
export async function fairReport(fairId: string, caller: Caller, ports: FairPorts): Promise<{ fair: Fair; booths: Booth[]; counts: FairCounts }> {
  const fair = fairInScope(caller, await ports.fairs.get(fairId), fairId);
  const [booths, counts] = await Promise.all([ports.fairs.booths(fair.id), fairStats(fair.id, ports)]);
  return { fair, booths, counts };
}
