import type { Envelope } from '../../../events/envelope.js';
import type { FairIntentionRecordedV1Data } from '../../../events/fair-intention-recorded.v1.js';
import type { JobInterestExpressedV1Data } from '../../../events/job-interest-expressed.v1.js';
import type { RosterFinishedV1Data } from '../../../events/roster-finished.v1.js';
import type { WishClaimExpiringV1Data } from '../../../events/wish-claim-expiring.v1.js';
import type { WishExpiredV1Data } from '../../../events/wish-expired.v1.js';
import type { WishFulfilledV1Data } from '../../../events/wish-fulfilled.v1.js';
import type { WebhookMessage } from './delivery.js';

/**
 * Domain events as webhook messages, each for the one account whose resource it is about: the
 * partner who pushed the roster, the donor who holds (or held) the claim, the employer who
 * posted the job. Nothing else is sent, and nothing personal: the events carry no worker.
 */
const message = (event: Envelope, accountId: string, type: WebhookMessage['type'], data: Record<string, unknown>): WebhookMessage => ({ accountId, type, occurredAt: event.occurredAt, data });

export const rosterFinished = (data: RosterFinishedV1Data, event: Envelope): WebhookMessage =>
  message(event, data.partnerId, data.status === 'completed' ? 'roster.completed' : 'roster.failed', {
    rosterId: data.rosterId,
    mode: data.mode,
    status: data.status,
    ...(data.reason ? { reason: data.reason } : {}),
  });

export const claimExpiring = (data: WishClaimExpiringV1Data, event: Envelope): WebhookMessage =>
  message(event, data.donorId, 'wish.claim_expiring', { wishId: data.wishId, campaignId: data.campaignId, category: data.category, valueFen: data.valueFen, claimExpiresAt: data.claimExpiresAt });

export const claimExpired = (data: WishExpiredV1Data, event: Envelope): WebhookMessage =>
  message(event, data.donorId, 'wish.claim_expired', { wishId: data.wishId, campaignId: data.campaignId, category: data.category, valueFen: data.valueFen });

/** Only a donor's claim has a donor to tell; a union-funded wish has none. */
export const wishFulfilled = (data: WishFulfilledV1Data, event: Envelope): WebhookMessage | null =>
  data.claimKind === 'donor' && data.donorId
    ? message(event, data.donorId, 'wish.fulfilled', { wishId: data.wishId, campaignId: data.campaignId, category: data.category, valueFen: data.valueFen, fulfilledAt: data.fulfilledAt, thanked: data.thanked, ...(data.thanks === undefined ? {} : { thanks: data.thanks }) })
    : null;

export const interestReceived = (data: JobInterestExpressedV1Data, event: Envelope): WebhookMessage =>
  message(event, data.employerId, 'job.interest_received', { jobId: data.jobId, intentionId: data.intentionId, seekerId: data.seekerId });

export const intentionReceived = (data: FairIntentionRecordedV1Data, event: Envelope): WebhookMessage =>
  message(event, data.employerId, 'fair.intention_received', { fairId: data.fairId, jobId: data.jobId });
