import { z } from 'zod';
import { pageOf } from '../../shared/http/schemas.js';
import { type Booth, type Fair, type FairCounts } from './domain/fair.js';
import type { Interest } from './domain/interest.js';
import { JobInputSchema, jobPayPerHour, statusAt, TradeSchema, type Job } from './domain/job.js';
import type { Reason } from './domain/matching.js';
import type { SeekerProfile } from './domain/seeker.js';

export const JobViewSchema = JobInputSchema.extend({
  id: z.string(),
  status: z.enum(['open', 'closed', 'expired']),
  payPerHourFen: z.number().int().nullable().meta({ description: 'Pay normalized per hour (a day over the shift\'s hours, a month over 174); null for piece rates' }),
  employer: z.strictObject({ id: z.string(), name: z.string() }),
  postedAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Job' });

export const jobView = (job: Job, now: Date): z.infer<typeof JobViewSchema> => ({
  id: job.id,
  status: statusAt(job, now),
  title: job.title,
  trade: job.trade,
  skills: job.skills,
  headcount: job.headcount,
  pay: job.pay,
  payPerHourFen: jobPayPerHour(job),
  schedule: job.schedule,
  regionCode: job.regionCode,
  address: job.address,
  expiresAt: job.expiresAt,
  employer: { id: job.employerId, name: job.employerName },
  postedAt: job.postedAt,
  updatedAt: job.updatedAt,
});

export const JobPageSchema = pageOf(JobViewSchema, 'JobPage');
export const JobStatusSchema = z.strictObject({ id: z.string(), status: z.enum(['open', 'closed', 'expired']) }).meta({ id: 'JobStatus' });

export const ReasonSchema = z
  .strictObject({ factor: z.enum(['trade', 'skills', 'region', 'schedule', 'pay']), points: z.number().int(), text: z.string() })
  .meta({ id: 'MatchReason' });
const reasonsView = (reasons: Reason[]) => reasons.map(({ factor, points, text }) => ({ factor, points, text }));

export const SeekerMatchSchema = z.strictObject({ job: JobViewSchema, score: z.number().int(), reasons: z.array(ReasonSchema) }).meta({ id: 'SeekerMatch' });
export const seekerMatchView = (job: Job, match: { score: number; reasons: Reason[] }, now: Date): z.infer<typeof SeekerMatchSchema> => ({
  job: jobView(job, now),
  score: match.score,
  reasons: reasonsView(match.reasons),
});

export const JobMatchSchema = z
  .strictObject({ seekerId: z.string().meta({ description: 'A pseudonym of the seeker for this job only' }), score: z.number().int(), reasons: z.array(ReasonSchema) })
  .meta({ id: 'JobMatch' });
export const jobMatchView = (match: { seekerId: string; score: number; reasons: Reason[] }): z.infer<typeof JobMatchSchema> => ({
  seekerId: match.seekerId,
  score: match.score,
  reasons: reasonsView(match.reasons),
});

export const ProfileViewSchema = z
  .strictObject({
    trades: z.array(TradeSchema),
    skills: z.array(z.string()),
    regionCodes: z.array(z.string()),
    days: z.array(z.number().int()),
    windows: z.array(z.strictObject({ start: z.string(), end: z.string() })),
    payMinFen: z.number().int().nullable(),
    certifiedSkills: z
      .array(z.strictObject({ skill: z.string(), certificateNo: z.string() }))
      .meta({ description: 'Skills your course certificates vouch for: matching weighs them above declared ones; a PUT keeps them' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'SeekerProfile' });
export const profileView = (profile: SeekerProfile): z.infer<typeof ProfileViewSchema> => ({
  trades: profile.trades,
  skills: profile.skills,
  regionCodes: profile.regionCodes,
  days: profile.days,
  windows: profile.windows,
  payMinFen: profile.payMinFen,
  certifiedSkills: profile.certifiedSkills,
  updatedAt: profile.updatedAt,
});

export const InterestViewSchema = z
  .strictObject({
    intentionId: z.string(),
    seekerId: z.string(),
    status: z.enum(['pending', 'accepted']),
    mobile: z.string().nullable().meta({ description: 'Masked until the employer accepts; null when none was shared or the worker was erased' }),
    note: z.string().nullable(),
    createdAt: z.string(),
    acceptedAt: z.string().nullable(),
  })
  .meta({ id: 'Interest' });
/** An interest as its job's employer sees it: the whole mobile only once accepted (`mobile` then is the opened seal). */
export const interestView = (interest: Interest, mobile: string | null = interest.mobileMasked): z.infer<typeof InterestViewSchema> => ({
  intentionId: interest.intentionId,
  seekerId: interest.seekerId,
  status: interest.status,
  mobile,
  note: interest.note,
  createdAt: interest.createdAt,
  acceptedAt: interest.acceptedAt,
});

export const FairViewSchema = z
  .strictObject({ id: z.string(), orgId: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string(), venue: z.string(), online: z.boolean() })
  .meta({ id: 'Fair' });
export const fairView = (fair: Fair): z.infer<typeof FairViewSchema> => ({
  id: fair.id,
  orgId: fair.orgId,
  title: fair.title,
  startsAt: fair.startsAt,
  endsAt: fair.endsAt,
  venue: fair.venue,
  online: fair.online,
});

export const FairStatsSchema = z
  .strictObject({ employers: z.number().int(), positions: z.number().int(), checkins: z.number().int(), intentions: z.number().int() })
  .meta({ id: 'FairStats' });
export const fairStatsView = (counts: FairCounts): z.infer<typeof FairStatsSchema> => ({
  employers: counts.employers,
  positions: counts.positions,
  checkins: counts.checkins,
  intentions: counts.intentions,
});

export const BoothViewSchema = z
  .strictObject({ fairId: z.string(), employerId: z.string(), jobIds: z.array(z.string()), positions: z.number().int() })
  .meta({ id: 'Booth' });
export const boothView = (fairId: string, booth: Booth): z.infer<typeof BoothViewSchema> => ({
  fairId,
  employerId: booth.employerId,
  jobIds: booth.jobIds,
  positions: booth.positions,
});

export const FairReportSchema = z
  .strictObject({
    fair: FairViewSchema,
    employers: z.array(z.strictObject({ employerId: z.string(), name: z.string(), jobs: z.number().int(), positions: z.number().int(), intentions: z.number().int() })),
    totals: FairStatsSchema,
  })
  .meta({ id: 'FairReport' });
export type FairReport = z.infer<typeof FairReportSchema>;

export const fairReportView = (fair: Fair, booths: Booth[], counts: FairCounts): FairReport => ({
  fair: fairView(fair),
  employers: booths
    .map((booth) => ({ employerId: booth.employerId, name: booth.employerName, jobs: booth.jobIds.length, positions: booth.positions, intentions: booth.intentions }))
    .sort((a, b) => b.intentions - a.intentions || b.positions - a.positions || a.employerId.localeCompare(b.employerId)),
  totals: fairStatsView(counts),
});

/** The report as CSV: one row per employer, then the totals with check-ins. */
/** The fair report as CSV rows: one per employer, then the totals. */
export function fairReportRows(report: FairReport): { header: string[]; rows: (string | number)[][] } {
  return {
    header: ['employer_id', 'employer', 'jobs', 'positions', 'intentions', 'checkins'],
    rows: [
      ...report.employers.map((e) => [e.employerId, e.name, e.jobs, e.positions, e.intentions, '']),
      ['', '合计 total', report.employers.reduce((sum, e) => sum + e.jobs, 0), report.totals.positions, report.totals.intentions, report.totals.checkins],
    ],
  };
}

export const InterestCreatedSchema = z.strictObject({ intentionId: z.string() }).meta({ id: 'InterestCreated' });
export const FairIntentionSchema = z.strictObject({ intentionId: z.string(), fairId: z.string(), jobId: z.string() }).meta({ id: 'FairIntention' });
export const CheckinSchema = z.strictObject({ fairId: z.string(), checkedInAt: z.string(), firstTime: z.boolean() }).meta({ id: 'Checkin' });
export const CheckinLinkSchema = z.strictObject({ token: z.string(), url: z.string(), expiresAt: z.string() }).meta({ id: 'CheckinLink' });
export const AcceptedInterestSchema = InterestViewSchema.extend({ jobId: z.string() }).meta({ id: 'AcceptedInterest' });
