import { defineService } from '../../shared/topology.js';

/** Liveness and the API document: public, no tables. */
export const healthService = defineService({
  name: 'health',
  tables: {},
  routes: [
    { method: 'GET', path: '/v1/health', handler: 'health/get-health', allow: 'public', tables: [] },
    { method: 'GET', path: '/v1/openapi.json', handler: 'health/get-openapi', allow: 'public', tables: [] },
  ],
  consumers: {},
  schedules: {},
});
