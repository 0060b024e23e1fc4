import { createHash } from 'node:crypto';
import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { FairIntentionRecordedV1 } from '../../../events/fair-intention-recorded.v1.js';
import { FairScheduledV1 } from '../../../events/fair-scheduled.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldError } from '../../../shared/errors.js';
import { statusAt, type Job } from './job.js';

/** `POST /v1/fairs`. */
export const FairInputSchema = z.strictObject({
  orgId: z.string().min(1),
  title: z.string().trim().min(2).max(60),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  venue: z.string().trim().min(2).max(120).meta({ description: 'The address, or the online room\'s name' }),
  online: z.boolean(),
});
export type FairInput = z.infer<typeof FairInputSchema>;

/** A job fair (招聘会) a union organizes in its subtree. */
export interface Fair {
  id: string;
  orgId: string;
  /** The organizing org's ancestors, for scope checks and roll-ups. */
  ancestors: string[];
  title: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  online: boolean;
  createdAt: string;
}

/** The counters kept in the same transactions as the booths, check-ins and intentions they count. */
export interface FairCounts {
  /** Employers with a booth. */
  employers: number;
  /** The sum of headcount over the jobs at its booths. */
  positions: number;
  checkins: number;
  intentions: number;
}

/** One employer's booth: the jobs it shows and what they drew. */
export interface Booth {
  employerId: string;
  employerName: string;
  jobIds: string[];
  positions: number;
  intentions: number;
  version: number;
}

export class FairNotFoundError extends NotFoundError {
  constructor(fairId: string) {
    super(`No fair ${fairId}`);
  }
}

export class FairClosedError extends ConflictError {}

/** Check-in opens two hours before a fair starts and closes when it ends. */
const CHECKIN_OPENS_BEFORE_MS = 2 * 3600_000;

export function planFair(input: FairInput, org: { id: string; ancestors: readonly string[] }, context: { id: string; now: Date; province: string }): { fair: Fair; event: Envelope } {
  const startsAt = new Date(input.startsAt).toISOString();
  const endsAt = new Date(input.endsAt).toISOString();
  const errors: FieldError[] = [];
  if (endsAt <= startsAt) errors.push({ path: 'body.endsAt', message: 'must be after startsAt' });
  if (Date.parse(endsAt) <= context.now.getTime()) errors.push({ path: 'body.endsAt', message: 'must be in the future' });
  if (errors.length > 0) throw new InvalidInputError(errors);
  const fair: Fair = { id: context.id, orgId: org.id, ancestors: [...org.ancestors], title: input.title, startsAt, endsAt, venue: input.venue, online: input.online, createdAt: context.now.toISOString() };
  const event = envelope(FairScheduledV1, { fairId: fair.id, orgId: fair.orgId, ancestors: fair.ancestors, startsAt, online: fair.online }, context);
  return { fair, event };
}

/** The fair if the caller's org scope covers its organizing org; otherwise it is not found. */
export function fairInScope(caller: Caller, fair: Fair | undefined, fairId: string): Fair {
  if (!fair || !isInScope(caller, { id: fair.orgId, ancestors: fair.ancestors })) throw new FairNotFoundError(fairId);
  return fair;
}

export function mustExist(fair: Fair | undefined, fairId: string): Fair {
  if (!fair) throw new FairNotFoundError(fairId);
  return fair;
}

export function ensureNotOver(fair: Fair, now: Date): void {
  if (Date.parse(fair.endsAt) <= now.getTime()) throw new FairClosedError(`Fair ${fair.id} has ended`);
}

/** Check-in is open from two hours before the start until the end. */
export function ensureCheckinOpen(fair: Fair, now: Date): void {
  ensureNotOver(fair, now);
  if (now.getTime() < Date.parse(fair.startsAt) - CHECKIN_OPENS_BEFORE_MS) throw new FairClosedError(`Check-in to fair ${fair.id} opens two hours before it starts`);
}

/**
 * The jobs an employer adds to its booth: each must be its own (another's is not found) and
 * open; jobs already at the booth are left as they are.
 */
export function jobsToAttach(jobIds: string[], jobs: Map<string, Job>, employerId: string, booth: Booth | undefined, now: Date): Job[] {
  const errors: FieldError[] = [];
  const attach: Job[] = [];
  for (const [i, jobId] of [...new Set(jobIds)].entries()) {
    const job = jobs.get(jobId);
    if (!job || job.employerId !== employerId) throw new NotFoundError(`No job ${jobId} of yours`);
    if (statusAt(job, now) !== 'open') errors.push({ path: `body.jobIds.${i}`, message: `job ${jobId} is ${statusAt(job, now)}` });
    else if (!booth?.jobIds.includes(jobId)) attach.push(job);
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  return attach;
}

/** A check-in code is stored only as its hash: the fair item can say whether one is valid, never what it is. */
/** The page a phone opens from the entrance QR code, on the same site as join links. */
export const checkinUrl = (base: string, fairId: string, token: string) => `${new URL(base).origin}/fairs/${encodeURIComponent(fairId)}/checkin?token=${token}`;

export const checkinCodeHash = (code: string): string => createHash('sha256').update(code, 'utf8').digest('base64url');

export const intentionEvent = (fair: Fair, job: { id: string; employerId: string }, context: { now: Date; province: string }): Envelope =>
  envelope(FairIntentionRecordedV1, { fairId: fair.id, orgId: fair.orgId, ancestors: fair.ancestors, startsAt: fair.startsAt, jobId: job.id, employerId: job.employerId }, context);
