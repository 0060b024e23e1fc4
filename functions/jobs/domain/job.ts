import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { JobClosedV1 } from '../../../events/job-closed.v1.js';
import { JobPostedV1 } from '../../../events/job-posted.v1.js';
import { JobUpdatedV1 } from '../../../events/job-updated.v1.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type FieldError } from '../../../shared/errors.js';
import { regionPrefix } from '../../../shared/region.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { PayUnitSchema, payPerHourFen } from './pay.js';
import { DaysSchema, HhmmSchema, spanOf, type Span } from '../../../shared/wall-clock.js';
import { SkillsSchema, TradeSchema } from '../../../shared/trades.js';

export { SkillsSchema, TradeSchema, type Trade } from '../../../shared/trades.js';

const DateSchema = z.iso.date();

export const ScheduleSchema = z.strictObject({
  startDate: DateSchema,
  endDate: DateSchema.optional(),
  days: DaysSchema,
  start: HhmmSchema,
  end: HhmmSchema.meta({ description: 'An end not after the start is the next morning (an overnight shift)' }),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** What an employer writes in a posting, on `POST /v1/jobs` and `PUT /v1/jobs/{jobId}`. */
export const JobInputSchema = z.strictObject({
  title: z.string().trim().min(2).max(60),
  trade: TradeSchema,
  skills: SkillsSchema,
  headcount: z.number().int().min(1).max(10_000),
  pay: z.strictObject({ amountFen: z.number().int().min(1).max(100_000_000), unit: PayUnitSchema }),
  schedule: ScheduleSchema,
  regionCode: RegionCodeSchema,
  address: z.string().trim().min(2).max(120),
  expiresAt: z.iso.datetime(),
});
export type JobInput = z.infer<typeof JobInputSchema>;

export type JobStatus = 'open' | 'closed' | 'expired';

export interface Job extends JobInput {
  id: string;
  employerId: string;
  employerName: string;
  /** `open` or `closed` as stored; an open job past `expiresAt` reads as `expired`. */
  status: 'open' | 'closed';
  postedAt: string;
  updatedAt: string;
  /** Grows with every change: edits are conditioned on the version they read. */
  version: number;
  /** Fairs whose booths show this job, so a headcount edit moves their positions. */
  fairIds: string[];
}

export class JobNotFoundError extends NotFoundError {
  constructor(jobId: string) {
    super(`No job ${jobId}`);
  }
}

export class JobNotOpenError extends ConflictError {
  constructor(jobId: string, status: JobStatus | 'closed or expired') {
    super(`Job ${jobId} is ${status}`);
  }
}

export const statusAt = (job: Pick<Job, 'status' | 'expiresAt'>, now: Date): JobStatus =>
  job.status === 'closed' ? 'closed' : Date.parse(job.expiresAt) <= now.getTime() ? 'expired' : 'open';

export const shiftOf = (job: Pick<Job, 'schedule'>): Span => spanOf(job.schedule.start, job.schedule.end);
export const jobPayPerHour = (job: Pick<Job, 'pay' | 'schedule'>): number | null => payPerHourFen(job.pay, shiftOf(job));

/** Rules a posting's fields must keep beyond their shapes; every broken one is listed. */
function checkInput(input: JobInput, province: string, now: Date): JobInput {
  const errors: FieldError[] = [];
  if (!input.regionCode.startsWith(province)) errors.push({ path: 'body.regionCode', message: `must lie within province ${province}` });
  if (Date.parse(input.expiresAt) <= now.getTime()) errors.push({ path: 'body.expiresAt', message: 'must be in the future' });
  if (input.schedule.endDate && input.schedule.endDate < input.schedule.startDate) {
    errors.push({ path: 'body.schedule.endDate', message: 'must not be before startDate' });
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  return { ...input, skills: [...new Set(input.skills)], expiresAt: new Date(input.expiresAt).toISOString() };
}

const eventFacts = (job: Job) => ({ jobId: job.id, employerId: job.employerId, trade: job.trade, regionCode: job.regionCode, headcount: job.headcount });

/** A new open posting of the employer's, and the `JobPosted` event that announces it. */
export function planPosting(
  input: JobInput,
  context: { employerId: string; employerName: string; id: string; now: Date; province: string },
): { job: Job; event: Envelope } {
  const { now, province } = context;
  const at = now.toISOString();
  const job: Job = {
    ...checkInput(input, province, now),
    id: context.id,
    employerId: context.employerId,
    employerName: context.employerName,
    status: 'open',
    postedAt: at,
    updatedAt: at,
    version: 1,
    fairIds: [],
  };
  return { job, event: envelope(JobPostedV1, eventFacts(job), { province, now }) };
}

/**
 * The job as the employer may change it: another employer's job is visible to every caller
 * but not theirs to change (403).
 */
export function ownJob(job: Job | undefined, jobId: string, employerId: string): Job {
  if (!job) throw new JobNotFoundError(jobId);
  if (job.employerId !== employerId) throw new ForbiddenError(`Job ${jobId} belongs to another employer`);
  return job;
}

/** A job whose private side (matches, interests) only its employer sees: another's is not found. */
export function privateJob(job: Job | undefined, jobId: string, employerId: string): Job {
  if (!job || job.employerId !== employerId) throw new JobNotFoundError(jobId);
  return job;
}

/** An edit replaces the posting's fields; a closed job is not edited (an expired one may be given a new expiry). */
export function planEdit(job: Job, input: JobInput, context: { now: Date; province: string }): { job: Job; event: Envelope } {
  if (job.status === 'closed') throw new JobNotOpenError(job.id, 'closed');
  const edited: Job = { ...job, ...checkInput(input, context.province, context.now), updatedAt: context.now.toISOString(), version: job.version + 1 };
  return { job: edited, event: envelope(JobUpdatedV1, { ...eventFacts(edited), version: edited.version }, context) };
}

export function planClose(job: Job, context: { now: Date; province: string }): { job: Job; event: Envelope } {
  if (job.status === 'closed') throw new JobNotOpenError(job.id, 'closed');
  const closed: Job = { ...job, status: 'closed', updatedAt: context.now.toISOString(), version: job.version + 1 };
  return { job: closed, event: envelope(JobClosedV1, { jobId: job.id, employerId: job.employerId }, context) };
}

/** The region prefixes a job is found by: `350203` by `35`, `3502` and `350203`; a city-level `350200` by `35` and `3502`. */
export function regionPrefixesOf(regionCode: string): string[] {
  const depth = regionPrefix(regionCode).length;
  return [2, 4, 6].filter((length) => length <= depth).map((length) => regionCode.slice(0, length));
}
