import { MembershipStatusChangedV1 } from '../../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../../events/worker-erased.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { coursePorts } from '../dependencies.js';
import { recordOrg } from '../use-cases/courses.js';
import { forgetWorker, projectMembership } from '../use-cases/members.js';

const ports = coursePorts();

/**
 * The courses service's read models of other services: the org tree (staff scope), each
 * worker's membership (who may enroll, their masked name), and erasure (every link from the
 * worker to their enrollments and certificates is dropped).
 */
export const handler = sqsConsumer([OrgCreatedV1, MembershipStatusChangedV1, WorkerErasedV1], {
  OrgCreated: (data) => recordOrg(data, ports),
  MembershipStatusChanged: (data, event) => projectMembership(data, event.occurredAt, ports),
  WorkerErased: ({ workerId }, event) => forgetWorker(workerId, event.occurredAt, ports),
});
