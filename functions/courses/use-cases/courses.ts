import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import type { Page } from '../../../shared/dynamo.js';
import { InvalidInputError, NotFoundError } from '../../../shared/errors.js';
import { regionPrefix } from '../../../shared/region.js';
import type { Trade } from '../../../shared/trades.js';
import type { Certificate } from '../domain/certificate.js';
import { planCourse, type Course, type CourseInput } from '../domain/course.js';
import { CertificateNotFoundError, CourseNotFoundError } from '../domain/errors.js';
import type { CoursePorts } from './ports.js';

/** Staff publish a course for an org in their subtree (404 outside it), held within the org's region; CoursePublished goes with it. */
export async function createCourse(input: CourseInput, caller: Caller, ports: Pick<CoursePorts, 'courses' | 'clock' | 'ids' | 'province'>): Promise<Course> {
  const org = orgInScope(caller, await ports.courses.getOrg(input.orgId), () => new NotFoundError(`No org ${input.orgId} in your scope`));
  const { course, event } = planCourse(input, org, { id: ports.ids.next('crs'), now: ports.clock.now(), province: ports.province });
  await ports.courses.create(course, event);
  return course;
}

export async function getCourse(courseId: string, ports: Pick<CoursePorts, 'courses'>): Promise<Course> {
  const course = await ports.courses.get(courseId);
  if (!course) throw new CourseNotFoundError(courseId);
  return course;
}

export interface CourseSearch {
  trade?: Trade;
  regionCode?: string;
  /** Courses starting at or after it; now when absent. */
  from?: Date;
}

/** Upcoming courses, soonest first: of a trade, within a region (online courses are in every region), from an instant (default now). */
export async function listCourses(search: CourseSearch, request: { limit: number; cursor?: string }, ports: Pick<CoursePorts, 'courses' | 'clock' | 'province'>): Promise<Page<Course>> {
  if (search.regionCode && !search.regionCode.startsWith(ports.province)) throw InvalidInputError.field('query.regionCode', `must lie within province ${ports.province}`);
  const from = (search.from ?? ports.clock.now()).toISOString();
  return ports.courses.upcoming(
    { from, ...(search.trade ? { trade: search.trade } : {}), ...(search.regionCode ? { regionPrefix: regionPrefix(search.regionCode) } : {}) },
    request,
  );
}

/** A certificate anyone may check, by its number: the course, when it was issued, and its holder by masked name. */
export async function verifyCertificate(certificateNo: string, ports: Pick<CoursePorts, 'courses'>): Promise<Certificate> {
  const certificate = await ports.courses.getCertificate(certificateNo);
  if (!certificate) throw new CertificateNotFoundError(certificateNo);
  return certificate;
}

/** The courses service's copy of an org (staff scope); a redelivered event writes the same again. */
export const recordOrg = (org: OrgCreatedV1Data, ports: Pick<CoursePorts, 'courses'>): Promise<void> => ports.courses.addOrg(org);
