import { defineService } from '../../shared/topology.js';

/**
 * The audit log's reader: the province admin's view of who accessed whose personal data. The
 * log itself is the platform's table (every service's staff routes append to it); this service
 * owns no table and only reads.
 */
export const auditService = defineService({
  name: 'audit',
  tables: {},
  routes: [{ method: 'GET', path: '/v1/audit', handler: 'audit/list-entries', allow: ['province_admin'], tables: [], audit: 'read', pages: true }],
  consumers: {},
  schedules: {},
});
