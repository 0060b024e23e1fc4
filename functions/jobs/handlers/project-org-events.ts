import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { jobPorts } from '../dependencies.js';

const ports = jobPorts();

/** Keeps the jobs service's own copy of the org tree, for the scope of fairs. */
export const handler = sqsConsumer([OrgCreatedV1], {
  OrgCreated: (data) => ports.orgs.add(data),
});
