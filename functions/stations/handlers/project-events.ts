import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../../events/worker-erased.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { stationPorts } from '../dependencies.js';
import { forgetVisitor, recordOrg } from '../use-cases/stations.js';

const ports = stationPorts();

/** The stations service's copy of the org tree (staff scope), and erasure of a worker's visit markers. */
export const handler = sqsConsumer([OrgCreatedV1, WorkerErasedV1], {
  OrgCreated: (data) => recordOrg(data, ports),
  WorkerErased: ({ workerId }) => forgetVisitor(workerId, ports),
});
