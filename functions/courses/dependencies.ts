import { dynamoAuditLog } from '../../shared/audit.js';
import { provinceCode, tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeCourseRepository } from './repository.js';
import type { CoursePorts } from './use-cases/ports.js';

/** The courses service's wiring for Lambda, created once per container. */
export const coursePorts = (): CoursePorts => ({
  courses: makeCourseRepository({ client: documentClient(), tableName: tableNameOf('courses') }),
  clock: systemClock,
  ids: randomIds,
  province: provinceCode(),
  audit: dynamoAuditLog({ client: documentClient(), tableName: () => tableNameOf('audit'), clock: systemClock, ids: randomIds }),
});
