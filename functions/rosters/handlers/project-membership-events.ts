import { RiderMembershipChangedV1 } from '../../../events/rider-membership-changed.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { rosterRepository } from '../dependencies.js';

const rosters = rosterRepository();

/** Lets partners see which of their riders are union members (`GET /v1/riders/{riderId}`). */
export const handler = sqsConsumer([RiderMembershipChangedV1], {
  RiderMembershipChanged: async ({ partnerId, riderId, isMember, version }) => {
    await rosters.recordMembership(partnerId, riderId, isMember, version);
  },
});
