import { RiderMembershipChangedV1 } from '../../../events/rider-membership-changed.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { rosterPorts } from '../dependencies.js';
import { recordMembership } from '../use-cases/record-membership.js';

const ports = rosterPorts();

/** Lets partners see which of their riders are union members, when the member shares it (`GET /v1/riders/{riderId}`). */
export const handler = sqsConsumer([RiderMembershipChangedV1], {
  RiderMembershipChanged: async (data) => {
    await recordMembership(data, ports);
  },
});
