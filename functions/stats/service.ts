import { FairIntentionRecordedV1 } from '../../events/fair-intention-recorded.v1.js';
import { HelpRequestChangedV1 } from '../../events/help-request-changed.v1.js';
import { FairScheduledV1 } from '../../events/fair-scheduled.v1.js';
import { MembershipStatusChangedV1 } from '../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { RiderMembershipChangedV1 } from '../../events/rider-membership-changed.v1.js';
import { StationRegisteredV1 } from '../../events/station-registered.v1.js';
import { WishFulfilledV1 } from '../../events/wish-fulfilled.v1.js';
import { defineService, STAFF } from '../../shared/topology.js';

/** Org statistics: projections of other services' events, rolled up the org tree, and targets. */
export const statsService = defineService({
  name: 'stats',
  tables: { stats: { partitionKey: 'pk', sortKey: 'sk', ttl: 'expiresAt' } },
  routes: [
    { method: 'GET', path: '/v1/orgs/{orgId}/stats', handler: 'stats/get-org-stats', allow: STAFF, tables: ['stats'] },
    { method: 'PUT', path: '/v1/orgs/{orgId}/targets/{year}', handler: 'stats/put-target', allow: STAFF, tables: ['stats'] },
  ],
  consumers: {
    statsProjector: {
      handler: 'stats/project-events',
      events: [OrgCreatedV1.type, MembershipStatusChangedV1.type, RiderMembershipChangedV1.type, FairScheduledV1.type, FairIntentionRecordedV1.type, WishFulfilledV1.type, StationRegisteredV1.type, HelpRequestChangedV1.type],
      batchSize: 10,
      // A roster of thousands of riders brings thousands of these at once: 30 s per batch, so a
      // busy table slows a batch down instead of timing it out to be redone.
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      tables: ['stats'],
    },
  },
  schedules: {},
});
