import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors.js';

export class CourseNotFoundError extends NotFoundError {
  constructor(courseId: string) {
    super(`No course ${courseId}`);
  }
}

export class CertificateNotFoundError extends NotFoundError {
  constructor(certificateNo: string) {
    super(`No certificate ${certificateNo}`);
  }
}

/** Enrolling takes an active membership (api.md: as a wish does). */
export class NotActiveMemberError extends ForbiddenError {
  constructor() {
    super('Enrolling in a course takes an active union membership');
  }
}

export class CourseFullError extends ConflictError {
  constructor(courseId: string) {
    super(`Course ${courseId} has no seat left`);
  }
}

export class AlreadyEnrolledError extends ConflictError {
  constructor(courseId: string) {
    super(`You are already enrolled in course ${courseId}`);
  }
}

export class CourseEndedError extends ConflictError {
  constructor(courseId: string) {
    super(`Course ${courseId} has ended`);
  }
}

export class CourseNotStartedError extends ConflictError {
  constructor(courseId: string) {
    super(`Course ${courseId} has not started: completions are recorded once it has`);
  }
}

/** Staff who may see a course (anyone may) but not act on it: it belongs to an org outside their subtree. */
export class CourseOutOfScopeError extends ForbiddenError {
  constructor(courseId: string) {
    super(`Course ${courseId} belongs to an org outside your subtree`);
  }
}

/** Completions name only enrolled workers; each other one is listed where the body names it. */
export class NotEnrolledError extends ConflictError {
  constructor(courseId: string, strangers: readonly { index: number; workerId: string }[]) {
    super(
      `Not enrolled in course ${courseId}: ${strangers.map((s) => s.workerId).join(', ')}`,
      strangers.map(({ index }) => ({ path: `body.workerIds.${index}`, message: 'is not enrolled in this course' })),
    );
  }
}
