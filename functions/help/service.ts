import { MembershipStatusChangedV1 } from '../../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../events/worker-erased.v1.js';
import { defineService, STAFF } from '../../shared/topology.js';

const tables = ['help'] as const;

/**
 * Rights and hardship help (维权帮扶, 困难帮扶): workers file requests, which go to their
 * membership org or to the deepest union covering their region; staff of that org's chain triage
 * them through a state machine, mediate and record outcomes, paying hardship aid from the org's
 * yearly fund, never overspent. Requests nobody accepts in 48 hours escalate to the parent org.
 * Knows orgs and members from its own copies (events).
 */
export const helpService = defineService({
  name: 'help',
  tables: {
    help: {
      partitionKey: 'pk',
      sortKey: 'sk',
      ttl: 'expiresAt',
      outbox: true,
      indexes: {
        // Sparse: only requests still linked to a worker (erasure removes the link).
        requestsByWorker: { partitionKey: 'workerId', sortKey: 'workerListKey' },
        requestsByOrg: { partitionKey: 'queueOrgId', sortKey: 'queueKey' },
        // Sparse: only received requests that can still escalate.
        awaitingAcceptance: { partitionKey: 'escalationQueue', sortKey: 'dueKey' },
        // Sparse: only org items, for routing by region.
        orgsByRegion: { partitionKey: 'orgRegion', sortKey: 'orgId' },
      },
    },
  },
  routes: [
    { method: 'POST', path: '/v1/help-requests', handler: 'help/file-request', allow: ['worker'], tables, pii: true },
    { method: 'GET', path: '/v1/help-requests/me', handler: 'help/list-my-requests', allow: ['worker'], tables, pii: true, pages: true },
    { method: 'GET', path: '/v1/help-requests/{requestId}', handler: 'help/get-request', allow: ['worker', ...STAFF], tables, pii: true, audit: 'append' },
    { method: 'POST', path: '/v1/help-requests/{requestId}/transitions', handler: 'help/move-request', allow: STAFF, tables },
    { method: 'GET', path: '/v1/orgs/{orgId}/help-requests', handler: 'help/list-org-requests', allow: STAFF, tables, pages: true, audit: 'append' },
    { method: 'PUT', path: '/v1/orgs/{orgId}/aid-fund/{year}', handler: 'help/put-aid-fund', allow: STAFF, tables },
    { method: 'GET', path: '/v1/orgs/{orgId}/aid-fund/{year}', handler: 'help/get-aid-fund', allow: STAFF, tables },
  ],
  consumers: {
    helpProjector: {
      handler: 'help/project-events',
      events: [OrgCreatedV1.type, MembershipStatusChangedV1.type, WorkerErasedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      tables,
    },
  },
  schedules: {
    helpEscalation: { handler: 'help/escalate-requests', everyMinutes: 15, tables },
  },
});
