import { OrgCreatedV1 } from '../../events/org-created.v1.js';
import { WorkerErasedV1 } from '../../events/worker-erased.v1.js';
import { ANYONE, defineService, STAFF } from '../../shared/topology.js';

const tables = ['stations'] as const;

/**
 * Service stations (驿站) where riders rest, drink, charge and heat a meal: a registry per org,
 * searched by region, amenity, opening hours and nearest first (geohash cells on an index),
 * workers' visits with ratings, and per-station figures. Knows orgs from its own copy of the tree.
 */
export const stationsService = defineService({
  name: 'stations',
  tables: {
    stations: {
      partitionKey: 'pk',
      sortKey: 'sk',
      ttl: 'expiresAt',
      outbox: true,
      indexes: {
        // Sparse: only station items carry these.
        stationsByCell: { partitionKey: 'geoCell', sortKey: 'geoKey' },
        stationsByRegion: { partitionKey: 'province', sortKey: 'regionKey' },
      },
    },
  },
  routes: [
    { method: 'POST', path: '/v1/stations', handler: 'stations/create-station', allow: STAFF, tables },
    { method: 'GET', path: '/v1/stations', handler: 'stations/search-stations', allow: ANYONE, tables, pages: true },
    { method: 'GET', path: '/v1/stations/{stationId}', handler: 'stations/get-station', allow: ANYONE, tables },
    { method: 'POST', path: '/v1/stations/{stationId}/visits', handler: 'stations/record-visit', allow: ['worker'], tables },
    { method: 'GET', path: '/v1/stations/{stationId}/stats', handler: 'stations/station-stats', allow: STAFF, tables },
  ],
  consumers: {
    stationsProjector: {
      handler: 'stations/project-events',
      events: [OrgCreatedV1.type, WorkerErasedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      tables: ['stations'],
    },
  },
  schedules: {},
});
