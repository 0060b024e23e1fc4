import type { AuditLog } from '../../../shared/audit.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import type { Patience } from '../../../shared/read-your-writes.js';
import type { CourseRepository } from '../repository.js';

/** What the courses use cases are given: the repository (or an in-memory one), time, ids, the province, the audit log. */
export interface CoursePorts {
  courses: CourseRepository;
  clock: Clock;
  ids: Ids;
  province: string;
  audit: AuditLog;
  /** How long a read-model miss is taken for lag before it is answered (ADR 0012). */
  patience?: Patience;
}
