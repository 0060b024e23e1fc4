import type { z } from 'zod';
import type { Envelope, EventContract } from './envelope.js';
import { CertificateIssuedV1 } from './certificate-issued.v1.js';
import { CourseEnrolledV1 } from './course-enrolled.v1.js';
import { CoursePublishedV1 } from './course-published.v1.js';
import { JoinLinkRevokedV1 } from './join-link-revoked.v1.js';
import { FairIntentionRecordedV1 } from './fair-intention-recorded.v1.js';
import { FairScheduledV1 } from './fair-scheduled.v1.js';
import { HelpRequestChangedV1 } from './help-request-changed.v1.js';
import { JobClosedV1 } from './job-closed.v1.js';
import { JobPostedV1 } from './job-posted.v1.js';
import { JobUpdatedV1 } from './job-updated.v1.js';
import { MembershipStatusChangedV1 } from './membership-status-changed.v1.js';
import { OrgCreatedV1 } from './org-created.v1.js';
import { RiderMembershipChangedV1 } from './rider-membership-changed.v1.js';
import { RiderMembershipChangedV2 } from './rider-membership-changed.v2.js';
import { RiderStatusChangedV1 } from './rider-status-changed.v1.js';
import { RiderStatusChangedV2 } from './rider-status-changed.v2.js';
import { RosterCompletedV1 } from './roster-completed.v1.js';
import { SeekerProfileUpdatedV1 } from './seeker-profile-updated.v1.js';
import { StationRegisteredV1 } from './station-registered.v1.js';
import { WorkerErasedV1 } from './worker-erased.v1.js';
import { WishSubmittedV1 } from './wish-submitted.v1.js';
import { WishOpenedV1 } from './wish-opened.v1.js';
import { WishRejectedV1 } from './wish-rejected.v1.js';
import { WishClaimedV1 } from './wish-claimed.v1.js';
import { WishFundedV1 } from './wish-funded.v1.js';
import { WishReleasedV1 } from './wish-released.v1.js';
import { WishExpiredV1 } from './wish-expired.v1.js';
import { WishDeliveredV1 } from './wish-delivered.v1.js';
import { WishFulfilledV1 } from './wish-fulfilled.v1.js';
import { WishWithdrawnV1 } from './wish-withdrawn.v1.js';
import { RosterFinishedV1 } from './roster-finished.v1.js';
import { JobInterestExpressedV1 } from './job-interest-expressed.v1.js';
import { WishClaimExpiringV1 } from './wish-claim-expiring.v1.js';
import { WebhookDeliveryRequestedV1 } from './webhook-delivery-requested.v1.js';

/** Every published event contract. A breaking change is a new version beside the old one. */
export const eventCatalog = [
  OrgCreatedV1, MembershipStatusChangedV1, RosterCompletedV1, RiderStatusChangedV1, RiderStatusChangedV2, RiderMembershipChangedV1, RiderMembershipChangedV2, WorkerErasedV1, JoinLinkRevokedV1,
  JobPostedV1, JobUpdatedV1, JobClosedV1, SeekerProfileUpdatedV1, FairScheduledV1, FairIntentionRecordedV1,
  WishSubmittedV1, WishOpenedV1, WishRejectedV1, WishClaimedV1, WishFundedV1, WishReleasedV1, WishExpiredV1, WishDeliveredV1, WishFulfilledV1, WishWithdrawnV1,
  StationRegisteredV1,
  CoursePublishedV1, CourseEnrolledV1, CertificateIssuedV1,
  HelpRequestChangedV1,
  RosterFinishedV1, JobInterestExpressedV1, WishClaimExpiringV1, WebhookDeliveryRequestedV1,
] as const;

export type EventType = (typeof eventCatalog)[number]['type'];

export function findContract(type: string, version: number): EventContract<z.ZodType> | undefined {
  return eventCatalog.find((contract) => contract.type === type && contract.version === version);
}

export type { Envelope };
