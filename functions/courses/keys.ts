/** Key shapes of the courses table and the sort keys of its indexes, in one place. */
export const courseKey = (courseId: string) => ({ pk: `COURSE#${courseId}`, sk: 'COURSE' });
export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
export const memberKey = (workerId: string) => ({ pk: `MEMBER#${workerId}`, sk: 'MEMBER' });
/** A seat taken, under its course in the order taken; it names the worker only in attributes erasure removes. */
export const enrollmentKey = (courseId: string, enrolledAt: string, enrollmentId: string) => ({ pk: `COURSE#${courseId}`, sk: `${ENROLLMENT_PREFIX}${enrolledAt}#${enrollmentId}` });
export const ENROLLMENT_PREFIX = 'ENROLLMENT#';
/** Exists while a worker holds a seat of the course: one seat per worker; erasure deletes it. */
export const seatKey = (courseId: string, workerId: string) => ({ pk: `COURSE#${courseId}`, sk: `SEAT#${workerId}` });
export const certificateKey = (certificateNo: string) => ({ pk: `CERT#${certificateNo}`, sk: 'CERTIFICATE' });
/** `upcomingCourses` and `upcomingByTrade`: by start, then id. */
export const startKey = (startsAt: string, courseId: string) => `${startsAt}#${courseId}`;
/** The one partition of `upcomingCourses`: a province publishes hundreds of courses a year, not millions. */
export const ALL_COURSES = 'COURSES';
