import { FairIntentionRecordedV1 } from '../../../events/fair-intention-recorded.v1.js';
import { HelpRequestChangedV1 } from '../../../events/help-request-changed.v1.js';
import { FairScheduledV1 } from '../../../events/fair-scheduled.v1.js';
import { MembershipStatusChangedV1 } from '../../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../../events/org-created.v1.js';
import { RiderMembershipChangedV1 } from '../../../events/rider-membership-changed.v1.js';
import { RiderMembershipChangedV2, ridersCovered } from '../../../events/rider-membership-changed.v2.js';
import { StationRegisteredV1 } from '../../../events/station-registered.v1.js';
import { WishFulfilledV1 } from '../../../events/wish-fulfilled.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { statsRepository } from '../dependencies.js';
import { projectRiderCoverage } from '../use-cases/project-rider-coverage.js';
import { countFair, countFulfilledWish, countHelpRequest, countMembership, countStation, recordOrg } from '../use-cases/project-org-events.js';

const ports = { stats: statsRepository() };

export const handler = sqsConsumer([OrgCreatedV1, MembershipStatusChangedV1, RiderMembershipChangedV1, RiderMembershipChangedV2, FairScheduledV1, FairIntentionRecordedV1, WishFulfilledV1, StationRegisteredV1, HelpRequestChangedV1], {
  OrgCreated: async (data, event) => void (await recordOrg(data, event, ports)),
  MembershipStatusChanged: async (data, event) => void (await countMembership(data, event, ports)),
  RiderMembershipChanged: (data) => projectRiderCoverage(ridersCovered(data), ports),
  FairScheduled: async (data, event) => void (await countFair('fairs', data, event, ports)),
  FairIntentionRecorded: async (data, event) => void (await countFair('fairIntentions', data, event, ports)),
  WishFulfilled: async (data, event) => void (await countFulfilledWish(data, event, ports)),
  StationRegistered: async (data, event) => void (await countStation(data, event, ports)),
  HelpRequestChanged: async (data, event) => void (await countHelpRequest(data, event, ports)),
});
