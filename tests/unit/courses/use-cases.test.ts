import { describe, expect, it } from 'vitest';
import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import type { Certificate } from '../../../functions/courses/domain/certificate.js';
import { planCourse, type Course, type CourseInput, type Enrollment, type Member } from '../../../functions/courses/domain/course.js';
import { CompletedMeanwhileSignal, type CourseRepository } from '../../../functions/courses/repository.js';
import { completeCourse } from '../../../functions/courses/use-cases/completions.js';
import { enroll, listEnrollments } from '../../../functions/courses/use-cases/enrollments.js';
import { forgetWorker, projectMembership } from '../../../functions/courses/use-cases/members.js';
import type { CoursePorts } from '../../../functions/courses/use-cases/ports.js';
import type { AuditEntry } from '../../../shared/audit.js';
import type { Caller } from '../../../shared/auth/caller.js';

const now = new Date('2026-12-10T02:00:00Z');
const input: CourseInput = { orgId: 'org_siming', title: '叉车操作技能培训', kind: 'skills', skills: ['叉车操作'], startsAt: '2026-12-10T01:00:00Z', endsAt: '2026-12-10T09:00:00Z', seats: 2, online: true };
const org = { id: 'org_siming', name: '思明区总工会', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203' };
const siming: Caller = { role: 'org_admin', principalId: 'staff-s', sub: 'staff-s', orgId: 'org_siming' };
const xiamen: Caller = { role: 'org_admin', principalId: 'staff-x', sub: 'staff-x', orgId: 'org_xiamen' };
const huli: Caller = { role: 'org_admin', principalId: 'staff-h', sub: 'staff-h', orgId: 'org_huli' };
const active = (workerId: string): Member => ({ workerId, status: 'active', orgId: 'org_siming', ancestors: [], maskedName: '林**', changedAt: now.toISOString() });

/** The repository in memory, holding the same conditions as its DynamoDB twin. */
function memoryCourses(course: Course) {
  const members = new Map<string, Member>();
  const enrollments = new Map<string, Enrollment>();
  const certificates = new Map<string, Certificate>();
  let raceOnIssue = false;
  const repository = {
    get: async (id: string) => (id === course.id ? course : undefined),
    getMember: async (workerId: string) => members.get(workerId),
    putMember: async (member: Member) => {
      members.set(member.workerId, member);
      return true;
    },
    eraseMember: async (workerId: string, at: string) => void members.set(workerId, { workerId, status: 'erased', orgId: '', ancestors: [], changedAt: at }),
    enroll: async (_courseId: string, enrollment: Enrollment & { workerId: string }) => {
      course.enrolled += 1;
      enrollments.set(enrollment.id, enrollment);
    },
    enrollments: async () => ({ items: [...enrollments.values()], nextCursor: null }),
    enrollmentsOf: async (_courseId: string, workerIds: readonly string[]) => new Map([...enrollments.values()].filter((e) => e.workerId && workerIds.includes(e.workerId)).map((e) => [e.workerId!, e])),
    issue: async (_courseId: string, enrollment: Enrollment, certificate: Certificate) => {
      if (raceOnIssue) {
        // Another completion wins between the read and the write.
        raceOnIssue = false;
        enrollments.set(enrollment.id, { ...enrollment, certificateNo: 'CERT-35-2026-WINNER0000' });
        throw new CompletedMeanwhileSignal();
      }
      enrollments.set(enrollment.id, enrollment);
      certificates.set(certificate.certificateNo, certificate);
    },
    workerEnrollments: async (workerId: string) => [...enrollments.values()].filter((e) => e.workerId === workerId),
    unlink: async (enrollment: Enrollment) => {
      enrollments.set(enrollment.id, { ...enrollment, workerId: null, maskedName: null });
      if (enrollment.certificateNo) certificates.set(enrollment.certificateNo, { ...certificates.get(enrollment.certificateNo)!, holderName: null });
    },
  };
  const audited: AuditEntry[] = [];
  let n = 0;
  const ports: CoursePorts = {
    courses: repository as unknown as CourseRepository,
    clock: { now: () => now },
    ids: { next: (prefix) => `${prefix}_${(++n).toString(16).padStart(8, '0')}` },
    province: '35',
    audit: { record: async (entry) => void audited.push(entry) },
    patience: { pausesMs: [1, 1], sleep: async () => undefined },
  };
  return { ports, members, enrollments, certificates, audited, race: () => (raceOnIssue = true) };
}

const fresh = () => memoryCourses(planCourse(input, org, { id: 'crs_1', now, province: '35' }).course);

describe('enroll()', () => {
  it('re-reads the read model a bounded number of times for a member approved a moment ago, then answers 403', async () => {
    const world = fresh();
    let reads = 0;
    const late = { ...world.ports, courses: { ...world.ports.courses, getMember: async () => (++reads === 3 ? active('worker:a') : undefined) } } as CoursePorts;
    expect(await enroll('crs_1', 'worker:a', late)).toMatchObject({ courseId: 'crs_1', workerId: 'worker:a', maskedName: '林**', status: 'enrolled' });
    await expect(enroll('crs_1', 'worker:b', world.ports)).rejects.toMatchObject({ status: 403 });
    await expect(enroll('crs_missing', 'worker:a', world.ports)).rejects.toMatchObject({ status: 404 });
  });
});

describe('listEnrollments()', () => {
  it('shows staff of the org and above a page, recorded in the audit log first; others are told there is no such course', async () => {
    const world = fresh();
    world.members.set('worker:a', active('worker:a'));
    const taken = await enroll('crs_1', 'worker:a', world.ports);
    expect((await listEnrollments('crs_1', xiamen, { limit: 20 }, world.ports)).items).toHaveLength(1);
    expect(world.audited).toEqual([{ action: 'enrollments.list', actor: xiamen, orgId: 'org_siming', subjects: [taken.id] }]);
    await expect(listEnrollments('crs_1', huli, { limit: 20 }, world.ports)).rejects.toMatchObject({ status: 404 });
    expect(world.audited).toHaveLength(1);
  });
});

describe('completeCourse()', () => {
  async function withEnrolled(...workers: string[]) {
    const world = fresh();
    for (const worker of workers) {
      world.members.set(worker, active(worker));
      await enroll('crs_1', worker, world.ports);
    }
    return world;
  }

  it('issues one certificate per enrolled worker, the same number on a repeat', async () => {
    const world = await withEnrolled('worker:a', 'worker:b');
    const first = await completeCourse('crs_1', ['worker:a', 'worker:b', 'worker:a'], siming, world.ports);
    expect(first).toEqual([
      { workerId: 'worker:a', certificateNo: expect.stringMatching(/^CERT-35-2026-/) },
      { workerId: 'worker:b', certificateNo: expect.stringMatching(/^CERT-35-2026-/) },
    ]);
    expect(await completeCourse('crs_1', ['worker:b'], xiamen, world.ports)).toEqual([first[1]]);
    expect(world.certificates.size).toBe(2);
    expect([...world.certificates.values()][0]).toMatchObject({ holderName: '林**', title: '叉车操作技能培训' });
  });

  it('refuses staff outside the org\'s subtree (403) and workers not enrolled (409, each named), issuing nothing', async () => {
    const world = await withEnrolled('worker:a');
    await expect(completeCourse('crs_1', ['worker:a'], huli, world.ports)).rejects.toMatchObject({ status: 403 });
    await expect(completeCourse('crs_1', ['worker:x', 'worker:a', 'worker:y'], siming, world.ports)).rejects.toMatchObject({
      status: 409,
      errors: [{ path: 'body.workerIds.0', message: 'is not enrolled in this course' }, { path: 'body.workerIds.2', message: 'is not enrolled in this course' }],
    });
    expect(world.certificates.size).toBe(0);
  });

  it('answers the number another completion issued meanwhile', async () => {
    const world = await withEnrolled('worker:a');
    world.race();
    expect(await completeCourse('crs_1', ['worker:a'], siming, world.ports)).toEqual([{ workerId: 'worker:a', certificateNo: 'CERT-35-2026-WINNER0000' }]);
  });
});

describe('the membership read model and erasure', () => {
  const change = (to: MembershipStatusChangedV1Data['to']['status'], workerId?: string): MembershipStatusChangedV1Data => ({
    membershipId: 'mem_1',
    ...(workerId ? { workerId } : {}),
    occupation: 'courier',
    maskedName: '林**',
    platforms: [],
    joinSource: 'org',
    from: null,
    to: { status: to, orgId: 'org_siming', ancestors: ['org_root'] },
  });

  it('keeps the newest state with the masked name, and nothing for an event without a worker', async () => {
    const world = fresh();
    await projectMembership(change('active'), now.toISOString(), world.ports);
    expect(world.members.size).toBe(0);
    await projectMembership(change('active', 'worker:a'), now.toISOString(), world.ports);
    expect(world.members.get('worker:a')).toMatchObject({ status: 'active', maskedName: '林**' });
  });

  it('forgets an erased worker: a tombstone, and every enrollment and certificate unlinked', async () => {
    const world = fresh();
    world.members.set('worker:a', active('worker:a'));
    await enroll('crs_1', 'worker:a', world.ports);
    await completeCourse('crs_1', ['worker:a'], siming, world.ports);
    await forgetWorker('worker:a', now.toISOString(), world.ports);
    expect(world.members.get('worker:a')).toEqual({ workerId: 'worker:a', status: 'erased', orgId: '', ancestors: [], changedAt: now.toISOString() });
    expect([...world.enrollments.values()]).toEqual([expect.objectContaining({ workerId: null, maskedName: null, status: 'completed' })]);
    expect([...world.certificates.values()]).toEqual([expect.objectContaining({ holderName: null })]);
  });
});
