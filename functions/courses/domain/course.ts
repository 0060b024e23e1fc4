import { z } from 'zod';
import { CourseEnrolledV1, type CourseEnrolledV1Data } from '../../../events/course-enrolled.v1.js';
import { CoursePublishedV1, type CoursePublishedV1Data } from '../../../events/course-published.v1.js';
import { envelope, type Envelope } from '../../../events/envelope.js';
import type { MembershipStatus } from '../../../events/membership-status-changed.v1.js';
import { InvalidInputError, type FieldError } from '../../../shared/errors.js';
import type { OrgTreeNode } from '../../../shared/projections/org-tree.js';
import { isWithinRegion } from '../../../shared/region.js';
import { nameSchema } from '../../../shared/text.js';
import { SkillsSchema, TradeSchema } from '../../../shared/trades.js';
import { RegionCodeSchema } from '../../../shared/validation.js';
import { CourseEndedError, CourseFullError, NotActiveMemberError } from './errors.js';

export const CourseKindSchema = z.enum(['skills', 'degree', 'safety', 'other']).meta({ description: '`skills` (技能培训), `degree` (学历提升), `safety` (安全教育) or `other`' });
export type CourseKind = z.infer<typeof CourseKindSchema>;

export const CourseLocationSchema = z.strictObject({
  regionCode: RegionCodeSchema.optional().meta({ description: 'Where it is held; the org\'s region when absent' }),
  address: z.string().trim().min(1).max(200).optional(),
  stationId: z.string().min(1).max(64).optional().meta({ description: 'A service station (驿站) it is held at, as the stations service names it' }),
});

const InstantSchema = z.iso.datetime({ offset: true });

/** `POST /v1/courses`: what staff publish. Dates, seats and skills are checked together, so one answer names every bad field. */
export const CourseInputSchema = z
  .strictObject({
    orgId: z.string().min(1).max(64),
    title: nameSchema({ min: 2, max: 60 }),
    kind: CourseKindSchema,
    trade: TradeSchema.optional().meta({ description: 'The trade it teaches for, as job postings name trades' }),
    skills: SkillsSchema.refine((list) => new Set(list).size === list.length, 'must not repeat a skill').meta({ description: 'What it teaches; a skills course certifies these for job matching' }),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    seats: z.number().int().min(1).max(10_000),
    online: z.boolean(),
    location: CourseLocationSchema.optional(),
  })
  .superRefine((input, context) => {
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) context.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    if (input.kind === 'skills' && input.skills.length === 0) context.addIssue({ code: 'custom', path: ['skills'], message: 'a skills course names at least one skill it certifies' });
    if (!input.online && !input.location?.address) context.addIssue({ code: 'custom', path: ['location', 'address'], message: 'a course held in person needs an address' });
  });
export type CourseInput = z.infer<typeof CourseInputSchema>;

/** A published course. Instants are stored as UTC ISO strings, so they sort as they fall. */
export interface Course extends CourseInput {
  id: string;
  orgName: string;
  /** Ids from the root down to the owning org's parent: staff above the org manage it too. */
  ancestors: string[];
  /** Where it is held: the location's region, else the org's. */
  regionCode: string;
  /** Seats taken; never more than `seats` (the repository's condition keeps it so). */
  enrolled: number;
  createdAt: string;
}

/** A worker's membership as the courses service knows it, from MembershipStatusChanged. */
export interface Member {
  workerId: string;
  status: MembershipStatus;
  orgId: string;
  ancestors: string[];
  /** The member's name masked (`林*`), when the event carried it; never the name. */
  maskedName?: string;
  changedAt: string;
}

/** A seat taken. After the worker's erasure it keeps counting, naming nobody. */
export interface Enrollment {
  id: string;
  courseId: string;
  workerId: string | null;
  maskedName: string | null;
  enrolledAt: string;
  status: 'enrolled' | 'completed';
  certificateNo?: string;
  completedAt?: string;
}

const utc = (instant: string) => new Date(instant).toISOString();

/**
 * A course of `org` and its event. Its region, when named, lies within the org's; it must end in
 * the future (a course may be published once it has begun, for members to join late).
 */
export function planCourse(input: CourseInput, org: OrgTreeNode, context: { id: string; now: Date; province: string }): { course: Course; event: Envelope<CoursePublishedV1Data> } {
  const errors: FieldError[] = [];
  const regionCode = input.location?.regionCode ?? org.regionCode;
  if (!isWithinRegion(regionCode, org.regionCode)) errors.push({ path: 'body.location.regionCode', message: `is outside the org's region ${org.regionCode}` });
  if (Date.parse(input.endsAt) <= context.now.getTime()) errors.push({ path: 'body.endsAt', message: 'must be in the future' });
  if (errors.length > 0) throw new InvalidInputError(errors);
  const course: Course = {
    ...input,
    skills: [...input.skills],
    startsAt: utc(input.startsAt),
    endsAt: utc(input.endsAt),
    id: context.id,
    orgId: org.id,
    orgName: org.name,
    ancestors: [...org.ancestors],
    regionCode,
    enrolled: 0,
    createdAt: context.now.toISOString(),
  };
  const event = envelope(
    CoursePublishedV1,
    { courseId: course.id, orgId: course.orgId, ancestors: course.ancestors, kind: course.kind, ...(course.trade ? { trade: course.trade } : {}), seats: course.seats, startsAt: course.startsAt, online: course.online },
    context,
  );
  return { course, event };
}

/** Seats still free. */
export const seatsLeft = (course: Pick<Course, 'seats' | 'enrolled'>): number => Math.max(0, course.seats - course.enrolled);

/**
 * A worker takes a seat: they are an active member, and the course has not ended and has a seat
 * left. Returns the enrollment and its event. The repository commits it on the same conditions
 * (`enrolled < seats`, no seat of the worker yet, the membership still active), so what this
 * decides on a read also holds under simultaneous requests.
 */
export function planEnrollment(
  course: Course,
  member: Member | undefined,
  context: { id: string; workerId: string; now: Date; province: string },
): { enrollment: Enrollment; event: Envelope<CourseEnrolledV1Data> } {
  if (member?.status !== 'active') throw new NotActiveMemberError();
  if (context.now.getTime() >= Date.parse(course.endsAt)) throw new CourseEndedError(course.id);
  if (seatsLeft(course) === 0) throw new CourseFullError(course.id);
  const enrollment: Enrollment = { id: context.id, courseId: course.id, workerId: context.workerId, maskedName: member.maskedName ?? null, enrolledAt: context.now.toISOString(), status: 'enrolled' };
  const event = envelope(CourseEnrolledV1, { courseId: course.id, enrollmentId: enrollment.id, orgId: course.orgId, ancestors: course.ancestors, seats: course.seats }, context);
  return { enrollment, event };
}
