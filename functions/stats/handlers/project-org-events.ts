import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { logger } from '../../../shared/logger.js';
import { statsRepository } from '../dependencies.js';
import { nodeForNewOrg } from '../domain/org-stats.js';

const stats = statsRepository();

export const handler = sqsConsumer([OrgCreatedV1], {
  OrgCreated: async (data, event) => {
    const applied = await stats.addNode(nodeForNewOrg(data), event, 'statsOrgProjector');
    if (!applied) logger.info('Event already applied', { eventId: event.id });
  },
});
