import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import type { Page } from '../../../shared/dynamo.js';
import { readYourWrites } from '../../../shared/read-your-writes.js';
import { planEnrollment, type Enrollment } from '../domain/course.js';
import { CourseNotFoundError } from '../domain/errors.js';
import { getCourse } from './courses.js';
import type { CoursePorts } from './ports.js';

/**
 * A worker takes a seat of a course.
 *
 * 1. Load the course (404 when there is none).
 * 2. Read the worker's membership from the service's read model. A member approved a moment ago
 *    may not be in it yet (events lag by about a second), so a miss or a non-active entry is
 *    re-read for up to about 3 s before it is answered with 403 (read your writes, ADR 0012).
 * 3. Decide with `planEnrollment`: an active member, a course not ended, a seat left.
 * 4. Commit the worker's seat marker (one seat each), the course's count (conditioned on
 *    `enrolled < seats`), a check that the membership is still active, the enrollment and
 *    CourseEnrolled in one transaction: of simultaneous enrollments exactly `seats` succeed.
 */
export async function enroll(courseId: string, workerId: string, ports: Pick<CoursePorts, 'courses' | 'clock' | 'ids' | 'province' | 'patience'>): Promise<Enrollment> {
  const course = await getCourse(courseId, ports);
  const member = await readYourWrites(() => ports.courses.getMember(workerId), (found) => found?.status === 'active', ports.patience);
  const { enrollment, event } = planEnrollment(course, member, { id: ports.ids.next('enr'), workerId, now: ports.clock.now(), province: ports.province });
  await ports.courses.enroll(course.id, { ...enrollment, workerId }, event);
  return enrollment;
}

/** A page of a course's enrollments for staff of its org or above (404 for others), masked; the look is recorded in the audit log before it is shown. */
export async function listEnrollments(courseId: string, caller: Caller, request: { limit: number; cursor?: string }, ports: Pick<CoursePorts, 'courses' | 'audit'>): Promise<Page<Enrollment>> {
  const course = await ports.courses.get(courseId);
  if (!course || !isInScope(caller, { id: course.orgId, ancestors: course.ancestors })) throw new CourseNotFoundError(courseId);
  const page = await ports.courses.enrollments(courseId, request);
  await ports.audit.record({ action: 'enrollments.list', actor: caller, orgId: course.orgId, subjects: page.items.map((enrollment) => enrollment.id) });
  return page;
}
