import { defineService, STAFF } from '../../shared/topology.js';

/** The union org tree of the province; announces every new org (OrgCreated). */
export const orgsService = defineService({
  name: 'orgs',
  tables: {
    orgs: {
      partitionKey: 'pk',
      sortKey: 'sk',
      indexes: { childrenByParent: { partitionKey: 'parentId', sortKey: 'childSortKey' } },
      outbox: true,
      ttl: 'expiresAt',
    },
  },
  routes: [
    { method: 'POST', path: '/v1/orgs', handler: 'orgs/create-org', allow: STAFF, tables: ['orgs'] },
    { method: 'GET', path: '/v1/orgs/{orgId}', handler: 'orgs/get-org', allow: STAFF, tables: ['orgs'] },
    { method: 'GET', path: '/v1/orgs/{orgId}/children', handler: 'orgs/list-children', allow: STAFF, tables: ['orgs'], pages: true },
  ],
  consumers: {},
  schedules: {},
});
