import { MembershipStatusChangedV1 } from '../../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../../events/worker-erased.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { helpPorts } from '../dependencies.js';
import { forgetRequester, projectMembership, recordOrg } from '../use-cases/help-requests.js';

const ports = helpPorts();

/** The help service's copies of the org tree (routing, staff scope) and of memberships (routing), and erasure of requesters. */
export const handler = sqsConsumer([OrgCreatedV1, MembershipStatusChangedV1, WorkerErasedV1], {
  OrgCreated: (data) => recordOrg(data, ports),
  MembershipStatusChanged: (data, event) => projectMembership(data, event.occurredAt, ports),
  WorkerErased: ({ workerId }, event) => forgetRequester(workerId, event.occurredAt, ports),
});
