import { MembershipStatusChangedV1 } from '../../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../../events/worker-erased.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { wishPorts } from '../dependencies.js';
import { eraseWorker, projectMembership } from '../use-cases/members.js';
import { recordOrg } from '../use-cases/queries.js';

const ports = wishPorts();

/**
 * The wishes service's read models of other services: the org tree (staff scope), each
 * worker's membership (who may submit), and erasure (every link from the worker is dropped).
 */
export const handler = sqsConsumer([OrgCreatedV1, MembershipStatusChangedV1, WorkerErasedV1], {
  OrgCreated: async ({ orgId, ancestors, regionCode }) => {
    await recordOrg({ id: orgId, ancestors, regionCode }, ports);
  },
  MembershipStatusChanged: async (data, event) => {
    await projectMembership(data, event.occurredAt, ports);
  },
  WorkerErased: async ({ workerId }, event) => {
    await eraseWorker(workerId, event.occurredAt, ports);
  },
});
