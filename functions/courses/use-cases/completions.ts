import type { Caller } from '../../../shared/auth/caller.js';
import { isInScope } from '../../../shared/auth/org-scope.js';
import { withRetries } from '../../../shared/retry.js';
import { certificateNumber, planCompletion } from '../domain/certificate.js';
import type { Course, Enrollment } from '../domain/course.js';
import { CourseOutOfScopeError, NotEnrolledError } from '../domain/errors.js';
import { CompletedMeanwhileSignal } from '../repository.js';
import { getCourse } from './courses.js';
import type { CoursePorts } from './ports.js';

type Ports = Pick<CoursePorts, 'courses' | 'clock' | 'ids' | 'province'>;

const linked = (enrollment: Enrollment | undefined): enrollment is Enrollment & { workerId: string } => Boolean(enrollment?.workerId);

/** One worker's certificate: issued now, or the one they hold; a lost race with another completion reads again and finds the winner's. */
async function certify(course: Course, workerId: string, first: Enrollment & { workerId: string }, ports: Ports): Promise<string> {
  return withRetries(
    async (run) => {
      const enrollment = run === 1 ? first : (await ports.courses.enrollmentsOf(course.id, [workerId])).get(workerId);
      if (!linked(enrollment)) throw new NotEnrolledError(course.id, [{ index: 0, workerId }]);
      const now = ports.clock.now();
      const completion = planCompletion(course, enrollment, {
        certificateNo: certificateNumber(ports.province, now, ports.ids.next('cert')),
        holderName: enrollment.maskedName,
        now,
        province: ports.province,
      });
      if (!completion.issued) return completion.certificateNo;
      const { enrollment: completed, certificate, event } = completion;
      await ports.courses.issue(course.id, { ...completed, workerId, certificateNo: certificate.certificateNo, completedAt: certificate.issuedAt }, certificate, event);
      return certificate.certificateNo;
    },
    { times: 3, isRetryable: (error) => error instanceof CompletedMeanwhileSignal },
  );
}

/**
 * Staff record that enrolled workers completed a course; each gets a certificate.
 *
 * 1. Load the course (404). Anyone may see a course; staff outside its org's subtree may not
 *    act on it (403).
 * 2. Read the named workers' enrollments. Any worker not enrolled is 409, naming each, and no
 *    certificate is issued.
 * 3. For each worker, decide with `planCompletion` (the course has begun; a worker with a
 *    certificate keeps it, the same number again), then commit the completed enrollment, the
 *    certificate and CertificateIssued in one transaction, conditioned on the enrollment having
 *    none yet.
 */
export async function completeCourse(courseId: string, workerIds: readonly string[], caller: Caller, ports: Ports): Promise<{ workerId: string; certificateNo: string }[]> {
  const course = await getCourse(courseId, ports);
  if (!isInScope(caller, { id: course.orgId, ancestors: course.ancestors })) throw new CourseOutOfScopeError(courseId);
  const enrollments = await ports.courses.enrollmentsOf(course.id, workerIds);
  const strangers = workerIds.map((workerId, index) => ({ index, workerId })).filter(({ workerId }) => !linked(enrollments.get(workerId)));
  if (strangers.length > 0) throw new NotEnrolledError(course.id, strangers);
  const certificates: { workerId: string; certificateNo: string }[] = [];
  for (const workerId of new Set(workerIds)) {
    certificates.push({ workerId, certificateNo: await certify(course, workerId, enrollments.get(workerId) as Enrollment & { workerId: string }, ports) });
  }
  return certificates;
}
