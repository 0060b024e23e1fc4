import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { RiderStatusChangedV1 } from '../../events/rider-status-changed.v1.js';
import { defineService, STAFF } from '../../shared/topology.js';

/**
 * Membership (建会入会): mobile verification, joins, review, e-card, consent, transfer, leave,
 * erasure, and join-link revocation (the orgs service signs links; joins check revocations here,
 * in their own transaction).
 */
export const membershipService = defineService({
  name: 'membership',
  tables: {
    memberships: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: {
        membershipsByOrg: { partitionKey: 'orgId', sortKey: 'orgListKey' },
        // Sparse: only roster rows of riders to invite (active, not members) carry its keys.
        rowsToInvite: { partitionKey: 'inviteArea', sortKey: 'inviteKey' },
      },
      outbox: true,
      ttl: 'expiresAt',
    },
  },
  routes: [
    { method: 'DELETE', path: '/v1/orgs/{orgId}/join-links/{token}', handler: 'membership/revoke-join-link', allow: STAFF, tables: ['memberships'], joinLinks: 'verify' },
    { method: 'GET', path: '/v1/orgs/{orgId}/memberships', handler: 'membership/list-org-memberships', allow: STAFF, tables: ['memberships'], pages: true, audit: 'append' },
    { method: 'GET', path: '/v1/orgs/{orgId}/invitations', handler: 'membership/list-invitations', allow: STAFF, tables: ['memberships'], pages: true, joinLinks: 'sign', audit: 'append' },
    { method: 'POST', path: '/v1/verifications/mobile', handler: 'membership/verify-mobile', allow: ['worker'], tables: ['memberships'], pii: true, sms: true },
    { method: 'POST', path: '/v1/memberships', handler: 'membership/join', allow: ['worker'], tables: ['memberships'], pii: true, joinLinks: 'verify' },
    { method: 'GET', path: '/v1/memberships/me', handler: 'membership/get-mine', allow: ['worker'], tables: ['memberships'] },
    { method: 'DELETE', path: '/v1/memberships/me', handler: 'membership/leave', allow: ['worker'], tables: ['memberships'] },
    { method: 'PUT', path: '/v1/memberships/me/consent', handler: 'membership/change-consent', allow: ['worker'], tables: ['memberships'] },
    { method: 'POST', path: '/v1/memberships/me/erasure', handler: 'membership/erase', allow: ['worker'], tables: ['memberships'] },
    { method: 'POST', path: '/v1/memberships/me/transfer', handler: 'membership/request-transfer', allow: ['worker'], tables: ['memberships'], joinLinks: 'verify' },
    { method: 'POST', path: '/v1/memberships/{membershipId}/approve', handler: 'membership/approve', allow: STAFF, tables: ['memberships'] },
    { method: 'POST', path: '/v1/memberships/{membershipId}/reject', handler: 'membership/reject', allow: STAFF, tables: ['memberships'] },
    { method: 'POST', path: '/v1/memberships/{membershipId}/erasure', handler: 'membership/erase-for-member', allow: STAFF, tables: ['memberships'], audit: 'append' },
    { method: 'POST', path: '/v1/transfers/{transferId}/accept', handler: 'membership/accept-transfer', allow: STAFF, tables: ['memberships'] },
  ],
  consumers: {
    membershipRosterProjector: {
      handler: 'membership/project-rider-events',
      events: [RiderStatusChangedV1.type],
      batchSize: 10,
      // A roster of thousands of riders brings thousands of these at once: 30 s per batch, so a
      // busy table slows a batch down instead of timing it out to be redone.
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      tables: ['memberships'],
    },
    membershipOrgProjector: {
      handler: 'membership/project-org-events',
      events: [OrgCreatedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      tables: ['memberships'],
    },
  },
  schedules: {},
});
