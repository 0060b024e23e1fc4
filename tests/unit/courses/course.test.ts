import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertificateNoSchema, certificateNumber, planCompletion } from '../../../functions/courses/domain/certificate.js';
import { CourseInputSchema, planCourse, planEnrollment, seatsLeft, type Course, type CourseInput, type Enrollment, type Member } from '../../../functions/courses/domain/course.js';
import type { OrgTreeNode } from '../../../shared/projections/org-tree.js';
import { fieldErrors } from '../../../shared/validation.js';

const now = new Date('2026-12-10T02:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();
const siming: OrgTreeNode = { id: 'org_siming', name: '思明区总工会', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203' };
const input: CourseInput = {
  orgId: 'org_siming',
  title: '叉车操作技能培训',
  kind: 'skills',
  trade: 'courier_sorting',
  skills: ['叉车操作'],
  startsAt: '2026-12-20T09:00:00+08:00',
  endsAt: '2026-12-20T17:00:00+08:00',
  seats: 5,
  online: false,
  location: { address: '思明区工人文化宫' },
};
const member: Member = { workerId: 'worker:w', status: 'active', orgId: 'org_siming', ancestors: [], maskedName: '林*', changedAt: now.toISOString() };
const course = (overrides: Partial<Course> = {}): Course => ({ ...planCourse(input, siming, { id: 'crs_1', now, province: '35' }).course, ...overrides });

describe('CourseInputSchema', () => {
  const problems = (body: unknown) => {
    const result = CourseInputSchema.safeParse(body);
    return result.success ? [] : fieldErrors('body', result.error).map((error) => error.path);
  };

  it('takes a course held in person with an address, or online without one', () => {
    expect(problems(input)).toEqual([]);
    expect(problems({ ...input, online: true, location: undefined })).toEqual([]);
  });

  it('names an end before the start, a skills course without skills and a course in person without an address', () => {
    expect(problems({ ...input, endsAt: input.startsAt })).toEqual(['body.endsAt']);
    expect(problems({ ...input, skills: [] })).toEqual(['body.skills']);
    expect(problems({ ...input, location: { regionCode: '350203' } })).toEqual(['body.location.address']);
    expect(problems({ ...input, kind: 'cooking', seats: 0, skills: ['叉车操作', '叉车操作'] }).sort()).toEqual(['body.kind', 'body.seats', 'body.skills']);
  });
});

describe('planCourse()', () => {
  it('keeps instants in UTC, the org\'s name and ancestors, its region when the location names none, and no seat taken', () => {
    const { course: planned, event } = planCourse(input, siming, { id: 'crs_1', now, province: '35' });
    expect(planned).toMatchObject({ id: 'crs_1', orgName: '思明区总工会', ancestors: ['org_root', 'org_xiamen'], regionCode: '350203', startsAt: '2026-12-20T01:00:00.000Z', endsAt: '2026-12-20T09:00:00.000Z', enrolled: 0 });
    expect(seatsLeft(planned)).toBe(5);
    expect(event).toMatchObject({ type: 'CoursePublished', version: 1, data: { courseId: 'crs_1', orgId: 'org_siming', kind: 'skills', trade: 'courier_sorting', seats: 5, online: false } });
  });

  it('refuses a region outside the org\'s and a course already over, naming both', () => {
    const over = { ...input, location: { address: '湖里区', regionCode: '350206' }, startsAt: later(-3), endsAt: later(-1) };
    expect(() => planCourse(over, siming, { id: 'crs_1', now, province: '35' })).toThrowError(
      expect.objectContaining({ status: 400, errors: [{ path: 'body.location.regionCode', message: expect.any(String) }, { path: 'body.endsAt', message: 'must be in the future' }] }),
    );
  });

  it('may be published once it has begun, for members to join late', () => {
    expect(planCourse({ ...input, startsAt: later(-1), endsAt: later(2) }, siming, { id: 'crs_1', now, province: '35' }).course.startsAt).toBe(later(-1));
  });
});

describe('planEnrollment()', () => {
  const context = { id: 'enr_1', workerId: 'worker:w', now, province: '35' };

  it('gives an active member a seat, with their masked name and an event naming no worker', () => {
    const { enrollment, event } = planEnrollment(course(), member, context);
    expect(enrollment).toEqual({ id: 'enr_1', courseId: 'crs_1', workerId: 'worker:w', maskedName: '林*', enrolledAt: now.toISOString(), status: 'enrolled' });
    expect(event).toMatchObject({ type: 'CourseEnrolled', data: { courseId: 'crs_1', enrollmentId: 'enr_1', seats: 5 } });
    expect(JSON.stringify(event)).not.toContain('worker:w');
  });

  it('refuses a worker who is not an active member (403), a course over or full (409)', () => {
    expect(() => planEnrollment(course(), undefined, context)).toThrowError(expect.objectContaining({ status: 403, name: 'NotActiveMemberError' }));
    expect(() => planEnrollment(course(), { ...member, status: 'pending' }, context)).toThrowError(expect.objectContaining({ status: 403 }));
    expect(() => planEnrollment(course({ endsAt: now.toISOString() }), member, context)).toThrowError(expect.objectContaining({ status: 409, name: 'CourseEndedError' }));
    expect(() => planEnrollment(course({ enrolled: 5 }), member, context)).toThrowError(expect.objectContaining({ status: 409, name: 'CourseFullError' }));
  });

  it('admits exactly min(seats, distinct workers) of any run of attempts, one seat each, and never more than the seats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (seats, attempts) => {
        // What the repository's transaction checks: the worker's seat marker, then `enrolled < seats`.
        let state = course({ seats });
        const markers = new Set<number>();
        for (const worker of attempts) {
          if (markers.has(worker)) continue;
          try {
            planEnrollment(state, { ...member, workerId: `worker:${worker}` }, { ...context, workerId: `worker:${worker}` });
          } catch (error) {
            expect(error).toMatchObject({ name: 'CourseFullError' });
            continue;
          }
          markers.add(worker);
          state = { ...state, enrolled: state.enrolled + 1 };
          expect(seatsLeft(state) + state.enrolled).toBe(seats);
        }
        expect(state.enrolled).toBe(Math.min(seats, new Set(attempts).size));
        expect(seatsLeft(state)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('certificateNumber()', () => {
  it('is CERT, the province, the year in Asia/Shanghai and ten characters of the id\'s randomness', () => {
    expect(certificateNumber('35', now, 'cert_00000000000000000000000000000001')).toBe('CERT-35-2026-0000000001');
    // 17:00 UTC on New Year's Eve is already 2027 in Xiamen.
    expect(certificateNumber('35', new Date('2026-12-31T17:00:00Z'), 'cert_ff')).toBe('CERT-35-2027-000000007Z');
  });

  it('always fits the verification route\'s schema, and differs for different randomness', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        const [x, y] = [certificateNumber('35', now, `cert_${a.replaceAll('-', '')}`), certificateNumber('35', now, `cert_${b.replaceAll('-', '')}`)];
        expect(CertificateNoSchema.safeParse(x).success).toBe(true);
        if (a.replaceAll('-', '').slice(-13) !== b.replaceAll('-', '').slice(-13)) expect(x).not.toBe(y);
      }),
    );
  });
});

describe('planCompletion()', () => {
  const enrollment: Enrollment & { workerId: string } = { id: 'enr_1', courseId: 'crs_1', workerId: 'worker:w', maskedName: '林*', enrolledAt: now.toISOString(), status: 'enrolled' };
  const started = course({ startsAt: later(-1) });
  const context = { certificateNo: 'CERT-35-2026-0000000001', holderName: '林*', now, province: '35' };

  it('issues a certificate of the course to the masked holder, and CertificateIssued with its skills for job matching', () => {
    const completion = planCompletion(started, enrollment, context);
    if (!completion.issued) throw new Error('expected a certificate');
    expect(completion.certificate).toEqual({
      certificateNo: 'CERT-35-2026-0000000001', courseId: 'crs_1', title: '叉车操作技能培训', kind: 'skills', trade: 'courier_sorting', skills: ['叉车操作'],
      orgId: 'org_siming', orgName: '思明区总工会', issuedAt: now.toISOString(), holderName: '林*',
    });
    expect(completion.enrollment).toMatchObject({ status: 'completed', certificateNo: 'CERT-35-2026-0000000001', completedAt: now.toISOString() });
    expect(completion.event).toMatchObject({ type: 'CertificateIssued', data: { workerId: 'worker:w', courseId: 'crs_1', kind: 'skills', trade: 'courier_sorting', skills: ['叉车操作'], certificateNo: 'CERT-35-2026-0000000001' } });
    expect(JSON.stringify(completion.event)).not.toContain('林');
  });

  it('gives a worker who holds the certificate the same number again, and refuses a course not begun (409)', () => {
    expect(planCompletion(started, { ...enrollment, certificateNo: 'CERT-35-2026-AAAAAAAAAA' }, context)).toEqual({ issued: false, certificateNo: 'CERT-35-2026-AAAAAAAAAA' });
    expect(() => planCompletion(course(), enrollment, context)).toThrowError(expect.objectContaining({ status: 409, name: 'CourseNotStartedError' }));
  });
});
