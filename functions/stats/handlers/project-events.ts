import { FairIntentionRecordedV1 } from '../../../events/fair-intention-recorded.v1.js';
import { FairScheduledV1 } from '../../../events/fair-scheduled.v1.js';
import { MembershipStatusChangedV1 } from '../../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { RiderMembershipChangedV1 } from '../../../events/rider-membership-changed.v1.js';
import { WishFulfilledV1 } from '../../../events/wish-fulfilled.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { statsRepository } from '../dependencies.js';
import { projectRiderCoverage } from '../use-cases/project-rider-coverage.js';
import { fairDeltas, membershipDeltas, wishFulfilledDeltas } from '../domain/org-stats.js';

const stats = statsRepository();

export const handler = sqsConsumer([OrgCreatedV1, MembershipStatusChangedV1, RiderMembershipChangedV1, FairScheduledV1, FairIntentionRecordedV1, WishFulfilledV1], {
  OrgCreated: async (data, event) => {
    await stats.addOrg(data, event);
  },
  MembershipStatusChanged: async (data, event) => {
    await stats.applyDeltas(membershipDeltas(data), event);
  },
  RiderMembershipChanged: async ({ partnerId, riderId, regionCode, rostered, isMember, version }) => {
    await projectRiderCoverage({ partnerId, riderId }, { regionCode, rostered, isMember, version }, { stats });
  },
  FairScheduled: async (data, event) => {
    await stats.applyDeltas(fairDeltas('fairs', data), event);
  },
  FairIntentionRecorded: async (data, event) => {
    await stats.applyDeltas(fairDeltas('fairIntentions', data), event);
  },
  WishFulfilled: async (data, event) => {
    await stats.applyDeltas(wishFulfilledDeltas(data), event);
  },
});
