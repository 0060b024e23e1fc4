import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { membershipRepository } from '../dependencies.js';

const memberships = membershipRepository();

/** Keeps the membership service's own copy of the org tree, for join links and review scope. */
export const handler = sqsConsumer([OrgCreatedV1], {
  OrgCreated: async (data, event) => {
    await memberships.addOrg(data, event);
  },
});
