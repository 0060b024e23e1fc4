import { RiderMembershipChangedV1 } from '../../../events/rider-membership-changed.v1.js';
import { RiderMembershipChangedV2, ridersCovered } from '../../../events/rider-membership-changed.v2.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { rosterPorts } from '../dependencies.js';
import { recordMemberships } from '../use-cases/record-membership.js';

const ports = rosterPorts();

/** Lets partners see which of their riders are union members, when the member shares it (`GET /v1/riders/{riderId}`). */
export const handler = sqsConsumer([RiderMembershipChangedV1, RiderMembershipChangedV2], {
  RiderMembershipChanged: async (data) => {
    await recordMemberships(ridersCovered(data), ports);
  },
});
