import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { membershipPorts } from '../dependencies.js';
import { projectOrg } from '../use-cases/project-events.js';

const ports = membershipPorts();

/** Keeps the membership service's own copy of the org tree, for staff scope on lists and the e-card. */
export const handler = sqsConsumer([OrgCreatedV1], {
  OrgCreated: (data, event) => projectOrg(data, event, ports),
});
