import { RiderMembershipChangedV1 } from '../../events/rider-membership-changed.v1.js';
import { RosterCompletedV1 } from '../../events/roster-completed.v1.js';
import { defineService } from '../../shared/topology.js';

/** Partner rosters (骑手名册): chunked uploads, applied into riders, announced to membership. */
export const rostersService = defineService({
  name: 'rosters',
  tables: {
    rosters: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: {
        // Sparse: only rosters receiving or being applied carry these attributes, for the watchdog.
        rostersInProgress: { partitionKey: 'processingStatus', sortKey: 'processingSince' },
        // A partner's rosters, newest first (roster items alone carry `rosterOf`).
        rostersByPartner: { partitionKey: 'rosterOf', sortKey: 'createdAt' },
      },
      outbox: true,
      ttl: 'expiresAt',
    },
    // Partners' riders and what the membership service last said of each, apart from the
    // rosters' workflow: hundreds of thousands of rider writes a day stream nowhere (ADR 0015).
    riders: { partitionKey: 'pk', sortKey: 'sk' },
  },
  routes: [
    { method: 'POST', path: '/v1/rosters', handler: 'rosters/create-roster', allow: ['partner'], tables: ['rosters'] },
    { method: 'PUT', path: '/v1/rosters/{rosterId}/chunks/{seq}', handler: 'rosters/put-chunk', allow: ['partner'], tables: ['rosters'], pii: true },
    { method: 'POST', path: '/v1/rosters/{rosterId}/complete', handler: 'rosters/complete-roster', allow: ['partner'], tables: ['rosters'] },
    { method: 'GET', path: '/v1/rosters', handler: 'rosters/list-rosters', allow: ['partner'], tables: ['rosters'], pages: true },
    { method: 'GET', path: '/v1/rosters/{rosterId}', handler: 'rosters/get-roster', allow: ['partner'], tables: ['rosters'] },
    { method: 'POST', path: '/v1/rosters/{rosterId}/abandon', handler: 'rosters/abandon-roster', allow: ['partner'], tables: ['rosters'] },
    { method: 'GET', path: '/v1/rosters/{rosterId}/rejections', handler: 'rosters/list-rejections', allow: ['partner'], tables: ['rosters'], pages: true },
    { method: 'GET', path: '/v1/riders/{riderId}', handler: 'rosters/get-rider', allow: ['partner'], tables: ['riders'] },
  ],
  consumers: {
    rostersPlanner: {
      handler: 'rosters/plan-roster',
      events: [RosterCompletedV1.type],
      batchSize: 1,
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 5,
      tables: ['rosters'],
      sendsTasksTo: ['rosterSteps'],
    },
    // A roster is applied in steps, in parallel: one task per chunk, then (snapshots) one per
    // shard of the partner's riders to find the departed. Each step records itself once.
    rosterSteps: {
      handler: 'rosters/run-roster-step',
      events: [],
      takesTasks: true,
      batchSize: 1,
      // A chunk of 1,000 rows takes seconds alone; 150 s of function time leaves room for a busy
      // table and a slow KMS, and a chunk cut short is redone from what it wrote.
      visibilityTimeoutSeconds: 900,
      maxReceiveCount: 5,
      // Enough to keep a province's table busy without starving its other writers.
      maxConcurrency: 4,
      tables: ['rosters', 'riders'],
      pii: true,
      sendsTasksTo: ['rosterSteps'],
    },
    rostersMembershipProjector: {
      handler: 'rosters/project-membership-events',
      events: [RiderMembershipChangedV1.type],
      batchSize: 10,
      // A roster of thousands of riders brings thousands of these at once: 30 s per batch, so a
      // busy table slows a batch down instead of timing it out to be redone.
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      tables: ['riders'],
    },
  },
  schedules: {
    rostersWatchdog: { handler: 'rosters/fail-stalled-rosters', everyMinutes: 5, tables: ['rosters'] },
  },
});
