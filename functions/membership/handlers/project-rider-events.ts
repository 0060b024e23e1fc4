import { RiderStatusChangedV1 } from '../../../events/rider-status-changed.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { membershipRepository } from '../dependencies.js';

const memberships = membershipRepository();

/** Keeps the membership service's view of who is on which partner's roster, for activation at join. */
export const handler = sqsConsumer([RiderStatusChangedV1], {
  RiderStatusChanged: async (data, event) => {
    await memberships.recordRostered(data, event);
  },
});
