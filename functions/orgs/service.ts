import { JoinLinkRevokedV1 } from '../../events/join-link-revoked.v1.js';
import { POSTER_FILES } from '../../shared/poster/glyphs.js';
import { defineService, STAFF } from '../../shared/topology.js';

/**
 * The union org tree of the province; announces every new org (OrgCreated). Join links are
 * minted here, where the org lives, so a link for an org created a moment ago works at once.
 */
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
    { method: 'POST', path: '/v1/orgs/{orgId}/join-links', handler: 'orgs/create-join-link', allow: STAFF, tables: ['orgs'], joinLinks: 'sign' },
    { method: 'GET', path: '/v1/orgs/{orgId}/join-links', handler: 'orgs/list-join-links', allow: STAFF, tables: ['orgs'] },
    { method: 'GET', path: '/v1/orgs/{orgId}/join-links/{token}/poster', handler: 'orgs/get-join-link-poster', allow: STAFF, tables: ['orgs'], joinLinks: 'verify', files: POSTER_FILES },
  ],
  consumers: {
    orgsJoinLinkProjector: {
      handler: 'orgs/project-join-link-events',
      events: [JoinLinkRevokedV1.type],
      batchSize: 10,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      tables: ['orgs'],
    },
  },
  schedules: {},
});
