import { MembershipStatusChangedV1 } from '../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { WishClaimedV1 } from '../../events/wish-claimed.v1.js';
import { WishDeliveredV1 } from '../../events/wish-delivered.v1.js';
import { WishExpiredV1 } from '../../events/wish-expired.v1.js';
import { WishFulfilledV1 } from '../../events/wish-fulfilled.v1.js';
import { WishFundedV1 } from '../../events/wish-funded.v1.js';
import { WishOpenedV1 } from '../../events/wish-opened.v1.js';
import { WishRejectedV1 } from '../../events/wish-rejected.v1.js';
import { WishReleasedV1 } from '../../events/wish-released.v1.js';
import { WishSubmittedV1 } from '../../events/wish-submitted.v1.js';
import { WishWithdrawnV1 } from '../../events/wish-withdrawn.v1.js';
import { WorkerErasedV1 } from '../../events/worker-erased.v1.js';
import { defineService, STAFF, type Role } from '../../shared/topology.js';

/** Every wish event, in the order of a wish's life. */
export const wishEvents = [
  WishSubmittedV1,
  WishOpenedV1,
  WishRejectedV1,
  WishClaimedV1,
  WishFundedV1,
  WishReleasedV1,
  WishExpiredV1,
  WishDeliveredV1,
  WishFulfilledV1,
  WishWithdrawnV1,
] as const;

const wishReaders: readonly Role[] = ['worker', 'donor', ...STAFF];
const tables = ['wishes'] as const;

/**
 * Micro-wishes (微心愿): campaigns, members' wishes, review, the anonymized pool, donor claims
 * and their expiry, delivery, confirmation, union funding, reports, giving records and the
 * worker's notification inbox. Knows members and orgs from its own read models (events).
 */
export const wishesService = defineService({
  name: 'wishes',
  tables: {
    wishes: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: {
        campaignsByOrg: { partitionKey: 'campaignOrgId', sortKey: 'campaignSortKey' },
        poolByStatus: { partitionKey: 'poolStatus', sortKey: 'poolKey' },
        wishesByCampaign: { partitionKey: 'campaignId', sortKey: 'campaignListKey' },
        // Sparse: only wishes linked to a worker (erasure removes the link).
        wishesByWorker: { partitionKey: 'workerId', sortKey: 'workerListKey' },
        // Sparse: only wishes a donor claimed and did not give back (the giving record).
        claimsByDonor: { partitionKey: 'donorId', sortKey: 'donorListKey' },
        // Sparse: only donor claims that can still expire.
        claimsByExpiry: { partitionKey: 'expiryQueue', sortKey: 'expiresAtKey' },
        // Sparse: only donor claims whose donor was not yet reminded that the hold ends.
        claimReminders: { partitionKey: 'reminderQueue', sortKey: 'remindAtKey' },
      },
      outbox: true,
      ttl: 'expiresAt',
    },
  },
  routes: [
    { method: 'POST', path: '/v1/campaigns', handler: 'wishes/create-campaign', allow: STAFF, tables },
    { method: 'GET', path: '/v1/campaigns', handler: 'wishes/list-campaigns', pages: true, allow: wishReaders, tables },
    { method: 'GET', path: '/v1/campaigns/{campaignId}', handler: 'wishes/get-campaign', allow: wishReaders, tables },
    { method: 'GET', path: '/v1/campaigns/{campaignId}/report', handler: 'wishes/campaign-report', allow: STAFF, tables },
    { method: 'POST', path: '/v1/campaigns/{campaignId}/wishes', handler: 'wishes/submit-wish', allow: ['worker'], tables },
    { method: 'GET', path: '/v1/wishes', handler: 'wishes/list-pool', pages: true, allow: ['donor', ...STAFF], tables },
    { method: 'GET', path: '/v1/wishes/me', handler: 'wishes/list-my-wishes', pages: true, allow: ['worker'], tables },
    { method: 'GET', path: '/v1/wishes/{wishId}', handler: 'wishes/get-wish', allow: wishReaders, tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/approve', handler: 'wishes/approve-wish', allow: STAFF, tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/reject', handler: 'wishes/reject-wish', allow: STAFF, tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/claim', handler: 'wishes/claim-wish', allow: ['donor'], tables },
    { method: 'POST', path: '/v1/wishes/claims', handler: 'wishes/claim-wishes', allow: ['donor'], tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/release', handler: 'wishes/release-wish', allow: ['donor', ...STAFF], tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/deliver', handler: 'wishes/deliver-wish', allow: ['donor', ...STAFF], tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/confirm', handler: 'wishes/confirm-wish', allow: ['worker', ...STAFF], tables },
    { method: 'POST', path: '/v1/wishes/{wishId}/fund', handler: 'wishes/fund-wish', allow: STAFF, tables },
    { method: 'GET', path: '/v1/donors/me/gifts', handler: 'wishes/list-gifts', pages: true, allow: ['donor'], tables },
    { method: 'PUT', path: '/v1/donors/{accountId}/claim-limit', handler: 'wishes/put-claim-limit', allow: ['province_admin'], tables },
    { method: 'GET', path: '/v1/notifications/me', handler: 'wishes/list-notifications', pages: true, allow: ['worker'], tables },
    { method: 'POST', path: '/v1/notifications/me/read', handler: 'wishes/read-notifications', allow: ['worker'], tables },
  ],
  consumers: {
    wishesMembersProjector: {
      handler: 'wishes/project-member-events',
      events: [OrgCreatedV1.type, MembershipStatusChangedV1.type, WorkerErasedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      tables,
    },
    wishesProjector: {
      handler: 'wishes/project-wish-events',
      events: wishEvents.map((contract) => contract.type),
      batchSize: 10,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      tables,
    },
  },
  schedules: {
    wishClaimsExpiry: { handler: 'wishes/expire-claims', everyMinutes: 15, tables },
  },
});
