import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Envelope } from '../../events/envelope.js';
import { MembershipStatusSchema } from '../../events/membership-status-changed.v1.js';
import type { OrgCreatedV1Data } from '../../events/org-created.v1.js';
import { outboxPut, queryAll, transact, type GuardedItem, type Page, type TransactItem } from '../../shared/dynamo.js';
import { batchGet } from '../../shared/dynamo-batch.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { putNewerMember, tombstoneExpiry } from '../../shared/projections/member-copy.js';
import { orgTreeNodeOf, orgTreeWrite, type OrgTreeNode } from '../../shared/projections/org-tree.js';
import { indexOf } from '../../shared/topology.js';
import type { Trade } from '../../shared/trades.js';
import type { Certificate } from './domain/certificate.js';
import { CourseInputSchema, type Course, type Enrollment, type Member } from './domain/course.js';
import { AlreadyEnrolledError, CourseFullError, CourseNotFoundError, NotActiveMemberError } from './domain/errors.js';
import { ALL_COURSES, certificateKey, courseKey, ENROLLMENT_PREFIX, enrollmentKey, memberKey, orgKey, seatKey, startKey } from './keys.js';
import { coursesService } from './service.js';

const spec = coursesService.tables.courses;

/** A course as stored: what staff published (the item's keys are other attributes) and what publishing added. */
const CourseItemSchema = z.object({
  ...CourseInputSchema.shape,
  id: z.string(),
  orgName: z.string(),
  ancestors: z.array(z.string()),
  regionCode: z.string(),
  enrolled: z.number().int(),
  createdAt: z.string(),
}) satisfies z.ZodType<Course>;

const EnrollmentItemSchema = z.object({
  enrollmentId: z.string(),
  courseId: z.string(),
  /** The worker, until erasure removes the link. */
  enrolledWorker: z.string().optional(),
  maskedName: z.string().optional(),
  enrolledAt: z.string(),
  status: z.enum(['enrolled', 'completed']),
  certificateNo: z.string().optional(),
  completedAt: z.string().optional(),
});

const toEnrollment = (item: Record<string, unknown>): Enrollment => {
  const { enrollmentId, enrolledWorker, maskedName, ...rest } = EnrollmentItemSchema.parse(item);
  return { ...rest, id: enrollmentId, workerId: enrolledWorker ?? null, maskedName: maskedName ?? null };
};

const CertificateItemSchema = z.object({
  certificateNo: z.string(),
  courseId: z.string(),
  title: z.string(),
  kind: CourseInputSchema.shape.kind,
  trade: CourseInputSchema.shape.trade,
  skills: z.array(z.string()),
  orgId: z.string(),
  orgName: z.string(),
  issuedAt: z.string(),
  holderName: z.string().optional(),
});

const StoredMemberSchema = z.object({
  workerId: z.string(),
  status: MembershipStatusSchema,
  orgId: z.string(),
  ancestors: z.array(z.string()),
  maskedName: z.string().optional(),
  changedAt: z.string(),
}) satisfies z.ZodType<Member>;

const courseItem = (course: Course) => ({
  ...courseKey(course.id),
  ...course,
  courseList: ALL_COURSES,
  ...(course.trade ? { courseTrade: course.trade } : {}),
  startKey: startKey(course.startsAt, course.id),
});

const enrollmentItem = (courseId: string, enrollment: Enrollment) => ({
  ...enrollmentKey(courseId, enrollment.enrolledAt, enrollment.id),
  enrollmentId: enrollment.id,
  courseId,
  ...(enrollment.workerId ? { enrolledWorker: enrollment.workerId } : {}),
  ...(enrollment.maskedName ? { maskedName: enrollment.maskedName } : {}),
  enrolledAt: enrollment.enrolledAt,
  status: enrollment.status,
});

export interface UpcomingQuery {
  /** Courses starting at or after this instant (UTC ISO). */
  from: string;
  trade?: Trade;
  /** Courses held within this region prefix; online ones match every region. */
  regionPrefix?: string;
}

export function makeCourseRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  const get = async (key: Record<string, string>, consistent = false) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }))).Item;

  return {
    async getOrg(orgId: string): Promise<OrgTreeNode | undefined> {
      return orgTreeNodeOf(await get(orgKey(orgId)));
    },

    /** Records an org; an org never moves, so a redelivered event writes the same attributes again. */
    async addOrg(data: OrgCreatedV1Data): Promise<void> {
      await client.send(new UpdateCommand(orgTreeWrite(tableName, orgKey(data.orgId), data).Update!));
    },

    /** The course, its index keys and its seat counter at zero, and its event, in one transaction. */
    async create(course: Course, event: Envelope): Promise<void> {
      await transact(client, [{ Put: { TableName: tableName, Item: courseItem(course), ConditionExpression: 'attribute_not_exists(pk)' } }, outboxPut(tableName, event)]);
    },

    async get(courseId: string): Promise<Course | undefined> {
      const item = await get(courseKey(courseId));
      return item ? CourseItemSchema.parse(item) : undefined;
    },

    /**
     * A page of courses starting at or after `from`, soonest first: of one trade from its index,
     * else of the province. A region is a filter on the page read, so a page may hold fewer than
     * `limit`; `nextCursor` says whether more follow. The cursor keeps the `from` of the first
     * page, so paging on never meets a start key outside the query's range.
     */
    async upcoming(query: UpcomingQuery, request: { limit: number; cursor?: string }): Promise<Page<Course>> {
      const scope = { list: 'courses.upcoming', trade: query.trade ?? '', region: query.regionPrefix ?? '' };
      const opened = await decodeCursor(request.cursor, scope);
      const { from: cursorFrom, ...start } = opened ?? {};
      const from = typeof cursorFrom === 'string' ? cursorFrom : query.from;
      const partition = query.trade ? { name: 'courseTrade', value: query.trade } : { name: 'courseList', value: ALL_COURSES };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: query.trade ? indexOf(spec, 'upcomingByTrade') : indexOf(spec, 'upcomingCourses'),
          KeyConditionExpression: '#partition = :partition AND startKey >= :from',
          ...(query.regionPrefix ? { FilterExpression: '#online = :online OR begins_with(regionCode, :region)' } : {}),
          ExpressionAttributeNames: { '#partition': partition.name, ...(query.regionPrefix ? { '#online': 'online' } : {}) },
          ExpressionAttributeValues: { ':partition': partition.value, ':from': from, ...(query.regionPrefix ? { ':online': true, ':region': query.regionPrefix } : {}) },
          Limit: request.limit,
          ExclusiveStartKey: opened ? start : undefined,
        }),
      );
      const next = result.LastEvaluatedKey ? { ...result.LastEvaluatedKey, from } : undefined;
      return { items: (result.Items ?? []).map((item) => CourseItemSchema.parse(item)), nextCursor: await encodeCursor(next, scope) };
    },

    async getMember(workerId: string): Promise<Member | undefined> {
      const item = await get(memberKey(workerId), true);
      return item ? StoredMemberSchema.parse(item) : undefined;
    },

    /**
     * Keeps the newest membership state of a worker: an event older than the stored one changes
     * nothing (returns false). An erased member is kept as a tombstone, without the masked name,
     * that TTL removes once no older event can still arrive.
     */
    putMember(member: Member): Promise<boolean> {
      const { maskedName, ...rest } = member;
      return putNewerMember(client, tableName, memberKey(member.workerId), member.status === 'erased' || !maskedName ? rest : { ...rest, maskedName });
    },

    /**
     * Marks the worker erased, whatever was stored: a tombstone without org or name (the
     * membership's own erased event names no worker, so this is how the read model learns it),
     * which TTL removes once no older event can still arrive.
     */
    async eraseMember(workerId: string, at: string): Promise<void> {
      const tombstone = { workerId, status: 'erased', orgId: '', ancestors: [], changedAt: at, expiresAt: tombstoneExpiry(at) };
      await client.send(new PutCommand({ TableName: tableName, Item: { ...memberKey(workerId), ...tombstone } }));
    },

    /**
     * Takes a seat in one transaction: the worker's seat marker (absent: else AlreadyEnrolledError),
     * the course's count (`enrolled < seats`: else CourseFullError), the membership still active
     * (else NotActiveMemberError), the enrollment and its event. Of simultaneous enrollments for
     * the last seats, exactly as many as there are seats succeed.
     */
    async enroll(courseId: string, enrollment: Enrollment & { workerId: string }, event: Envelope): Promise<void> {
      const entries: GuardedItem[] = [
        {
          item: {
            Put: {
              TableName: tableName,
              Item: { ...seatKey(courseId, enrollment.workerId), enrollmentSk: enrollmentKey(courseId, enrollment.enrolledAt, enrollment.id).sk },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new AlreadyEnrolledError(courseId),
        },
        {
          item: {
            Update: {
              TableName: tableName,
              Key: courseKey(courseId),
              UpdateExpression: 'SET enrolled = enrolled + :one',
              ConditionExpression: 'attribute_exists(pk) AND enrolled < seats',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          onConditionFailed: () => new CourseFullError(courseId),
        },
        {
          item: {
            ConditionCheck: {
              TableName: tableName,
              Key: memberKey(enrollment.workerId),
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':active': 'active' },
            },
          },
          onConditionFailed: () => new NotActiveMemberError(),
        },
        { item: { Put: { TableName: tableName, Item: enrollmentItem(courseId, enrollment) } } },
        { item: outboxPut(tableName, event) },
      ];
      await transact(client, entries);
    },

    /** A page of a course's enrollments, in the order the seats were taken. */
    async enrollments(courseId: string, request: { limit: number; cursor?: string }): Promise<Page<Enrollment>> {
      const scope = { list: 'courses.enrollments', courseId };
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': courseKey(courseId).pk, ':prefix': ENROLLMENT_PREFIX },
          Limit: request.limit,
          ExclusiveStartKey: await decodeCursor(request.cursor, scope),
        }),
      );
      return { items: (result.Items ?? []).map(toEnrollment), nextCursor: await encodeCursor(result.LastEvaluatedKey, scope) };
    },

    /** The enrollments these workers hold in the course, by worker; a worker without one is absent. Strongly consistent: staff complete what they just saw. */
    async enrollmentsOf(courseId: string, workerIds: readonly string[]): Promise<Map<string, Enrollment>> {
      const seats = await batchGet(client, tableName, [...new Set(workerIds)].map((workerId) => seatKey(courseId, workerId)), { consistent: true });
      const keys = seats.map((seat) => ({ pk: courseKey(courseId).pk, sk: z.object({ enrollmentSk: z.string() }).parse(seat).enrollmentSk }));
      const found = new Map<string, Enrollment>();
      for (const item of await batchGet(client, tableName, keys, { consistent: true })) {
        const enrollment = toEnrollment(item);
        if (enrollment.workerId) found.set(enrollment.workerId, enrollment);
      }
      return found;
    },

    /**
     * Completes an enrollment with its certificate and event in one transaction, on the condition
     * that the enrollment still names the worker and has no certificate yet (else
     * `CompletedMeanwhileSignal`: read it again).
     */
    async issue(courseId: string, enrollment: Enrollment & { workerId: string; certificateNo: string; completedAt: string }, certificate: Certificate, event: Envelope): Promise<void> {
      const { holderName, ...rest } = certificate;
      await transact(client, [
        {
          item: {
            Update: {
              TableName: tableName,
              Key: enrollmentKey(courseId, enrollment.enrolledAt, enrollment.id),
              UpdateExpression: 'SET #status = :completed, certificateNo = :no, completedAt = :at',
              ConditionExpression: 'enrolledWorker = :worker AND attribute_not_exists(certificateNo)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':completed': 'completed', ':no': enrollment.certificateNo, ':at': enrollment.completedAt, ':worker': enrollment.workerId },
            },
          },
          onConditionFailed: () => new CompletedMeanwhileSignal(),
        },
        { Put: { TableName: tableName, Item: { ...certificateKey(certificate.certificateNo), ...rest, ...(holderName ? { holderName } : {}) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        outboxPut(tableName, event),
      ]);
    },

    async getCertificate(certificateNo: string): Promise<Certificate | undefined> {
      const item = await get(certificateKey(certificateNo));
      if (!item) return undefined;
      const { holderName, trade, ...rest } = CertificateItemSchema.parse(item);
      return { ...rest, ...(trade ? { trade } : {}), holderName: holderName ?? null };
    },

    /** Every enrollment still linked to the worker, in any course (erasure). */
    async workerEnrollments(workerId: string): Promise<Enrollment[]> {
      const found: Enrollment[] = [];
      for await (const item of queryAll(client, { TableName: tableName, IndexName: indexOf(spec, 'enrollmentsByWorker'), KeyConditionExpression: 'enrolledWorker = :w', ExpressionAttributeValues: { ':w': workerId } })) {
        found.push(toEnrollment(item));
      }
      return found;
    },

    /**
     * Drops every link from the worker to an enrollment (erasure), in one transaction: the seat
     * marker goes, the enrollment keeps its seat naming nobody, and its certificate stays valid
     * with an anonymous holder. Safe to repeat.
     */
    async unlink(enrollment: Enrollment & { workerId: string }): Promise<void> {
      const items: TransactItem[] = [
        { Delete: { TableName: tableName, Key: seatKey(enrollment.courseId, enrollment.workerId) } },
        { Update: { TableName: tableName, Key: enrollmentKey(enrollment.courseId, enrollment.enrolledAt, enrollment.id), UpdateExpression: 'REMOVE enrolledWorker, maskedName' } },
      ];
      if (enrollment.certificateNo) {
        items.push({
          Update: { TableName: tableName, Key: certificateKey(enrollment.certificateNo), UpdateExpression: 'REMOVE holderName', ConditionExpression: 'attribute_exists(pk)' },
        });
      }
      await transact(client, items);
    },
  };
}

/** The enrollment was completed (or unlinked) between the read and the write: not an error, the cue to read it again. */
export class CompletedMeanwhileSignal extends Error {}

export type CourseRepository = ReturnType<typeof makeCourseRepository>;
