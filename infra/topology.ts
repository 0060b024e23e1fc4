/**
 * The province's topology, declared once: every table, queue, HTTP route and event consumer.
 *
 * The CDK stack (`infra/stack.ts`) and the local runtime (`local/`) are both built by looping
 * over these records, so adding a route or a subscriber is one entry here plus its handler.
 * Handlers are named `<service>/<file>` and live at `functions/<service>/handlers/<file>.ts`,
 * exporting `handler`.
 */
import { MembershipStatusChangedV1 } from '../events/membership-status-changed.v1.js';
import { OrgCreatedV1 } from '../events/org-created.v1.js';
import { RiderMembershipChangedV1 } from '../events/rider-membership-changed.v1.js';
import { RiderStatusChangedV1 } from '../events/rider-status-changed.v1.js';
import { RosterCompletedV1 } from '../events/roster-completed.v1.js';
import type { EventType } from '../events/catalog.js';

export type Role = 'worker' | 'org_admin' | 'province_admin' | 'partner' | 'donor' | 'employer';

export const STAFF: readonly Role[] = ['org_admin', 'province_admin'];
export const ACCOUNTS: readonly Role[] = ['partner', 'donor', 'employer'];

export interface IndexSpec {
  partitionKey: string;
  sortKey?: string;
}

export interface TableSpec {
  partitionKey: string;
  sortKey?: string;
  /** Global secondary indexes, named for the query they serve. */
  indexes?: Record<string, IndexSpec>;
  /** A table with a stream carries an outbox: the relay publishes its `OUTBOX#` items. */
  outbox?: boolean;
  /** Attribute holding an epoch-seconds expiry that DynamoDB TTL deletes. */
  ttl?: string;
}

export const tables = {
  orgs: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: { childrenByParent: { partitionKey: 'parentId', sortKey: 'childSortKey' } },
    outbox: true,
    ttl: 'expiresAt',
  },
  accounts: { partitionKey: 'pk', sortKey: 'sk', outbox: true, ttl: 'expiresAt' },
  memberships: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: { membershipsByOrg: { partitionKey: 'orgId', sortKey: 'orgListKey' } },
    outbox: true,
    ttl: 'expiresAt',
  },
  rosters: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: {
      ridersByPartner: { partitionKey: 'partnerId', sortKey: 'riderId' },
      // Sparse: only rosters being applied carry these attributes.
      rostersInProgress: { partitionKey: 'processingStatus', sortKey: 'processingSince' },
    },
    outbox: true,
    ttl: 'expiresAt',
  },
  stats: { partitionKey: 'pk', sortKey: 'sk', ttl: 'expiresAt' },
  /** Powertools idempotency records for `Idempotency-Key` on creating POSTs. */
  idempotency: { partitionKey: 'id', ttl: 'expiration' },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof tables;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  path: string;
  handler: string;
  /** Roles the authorizer lets through; `public` routes skip the authorizer. */
  allow: readonly Role[] | 'public';
  /** Tables the function reads or writes; POST routes also get the idempotency table. */
  tables: readonly TableName[];
  /** The function encrypts or blind-indexes personal data, or signs with the MAC key. */
  pii?: boolean;
}

export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/health', handler: 'health/get-health', allow: 'public', tables: [] },
  { method: 'GET', path: '/v1/openapi.json', handler: 'health/get-openapi', allow: 'public', tables: [] },

  { method: 'POST', path: '/v1/orgs', handler: 'orgs/create-org', allow: STAFF, tables: ['orgs'] },
  { method: 'GET', path: '/v1/orgs/{orgId}', handler: 'orgs/get-org', allow: STAFF, tables: ['orgs'] },
  { method: 'GET', path: '/v1/orgs/{orgId}/children', handler: 'orgs/list-children', allow: STAFF, tables: ['orgs'] },
  { method: 'GET', path: '/v1/orgs/{orgId}/stats', handler: 'stats/get-org-stats', allow: STAFF, tables: ['stats'] },
  { method: 'PUT', path: '/v1/orgs/{orgId}/targets/{year}', handler: 'stats/put-target', allow: STAFF, tables: ['stats'] },
  { method: 'POST', path: '/v1/orgs/{orgId}/join-links', handler: 'membership/create-join-link', allow: STAFF, tables: ['memberships'], pii: true },
  { method: 'GET', path: '/v1/orgs/{orgId}/memberships', handler: 'membership/list-org-memberships', allow: STAFF, tables: ['memberships'] },

  { method: 'POST', path: '/v1/accounts', handler: 'accounts/create-account', allow: ['province_admin'], tables: ['accounts'] },
  { method: 'POST', path: '/v1/accounts/{accountId}/keys', handler: 'accounts/rotate-key', allow: ['province_admin'], tables: ['accounts'] },
  { method: 'GET', path: '/v1/accounts/me', handler: 'accounts/get-me', allow: ACCOUNTS, tables: ['accounts'] },

  { method: 'POST', path: '/v1/rosters', handler: 'rosters/create-roster', allow: ['partner'], tables: ['rosters'] },
  { method: 'PUT', path: '/v1/rosters/{rosterId}/chunks/{seq}', handler: 'rosters/put-chunk', allow: ['partner'], tables: ['rosters'], pii: true },
  { method: 'POST', path: '/v1/rosters/{rosterId}/complete', handler: 'rosters/complete-roster', allow: ['partner'], tables: ['rosters'] },
  { method: 'GET', path: '/v1/rosters/{rosterId}', handler: 'rosters/get-roster', allow: ['partner'], tables: ['rosters'] },
  { method: 'GET', path: '/v1/rosters/{rosterId}/rejections', handler: 'rosters/list-rejections', allow: ['partner'], tables: ['rosters'] },
  { method: 'GET', path: '/v1/riders/{riderId}', handler: 'rosters/get-rider', allow: ['partner'], tables: ['rosters'] },

  { method: 'POST', path: '/v1/memberships', handler: 'membership/join', allow: ['worker'], tables: ['memberships'], pii: true },
  { method: 'GET', path: '/v1/memberships/me', handler: 'membership/get-mine', allow: ['worker'], tables: ['memberships'] },
  { method: 'DELETE', path: '/v1/memberships/me', handler: 'membership/leave', allow: ['worker'], tables: ['memberships'] },
  { method: 'POST', path: '/v1/memberships/me/erasure', handler: 'membership/erase', allow: ['worker'], tables: ['memberships'] },
  { method: 'POST', path: '/v1/memberships/me/transfer', handler: 'membership/request-transfer', allow: ['worker'], tables: ['memberships'], pii: true },
  { method: 'POST', path: '/v1/memberships/{membershipId}/approve', handler: 'membership/approve', allow: STAFF, tables: ['memberships'] },
  { method: 'POST', path: '/v1/memberships/{membershipId}/reject', handler: 'membership/reject', allow: STAFF, tables: ['memberships'] },
  { method: 'POST', path: '/v1/transfers/{transferId}/accept', handler: 'membership/accept-transfer', allow: STAFF, tables: ['memberships'] },
];

export interface ConsumerSpec {
  handler: string;
  /** Event types delivered to this consumer's queue. */
  events: readonly EventType[];
  batchSize: number;
  /** Queue visibility timeout; the function timeout is a sixth of it, as Lambda advises. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the consumer's dead-letter queue. */
  maxReceiveCount: number;
  tables: readonly TableName[];
  /** The consumer decrypts or blind-indexes personal data. */
  pii?: boolean;
}

/** Each consumer owns one queue (named after the consumer) and its dead-letter queue. */
export const consumers = {
  statsProjector: {
    handler: 'stats/project-events',
    events: [OrgCreatedV1.type, MembershipStatusChangedV1.type, RiderMembershipChangedV1.type],
    batchSize: 10,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    tables: ['stats'],
  },
  rostersProcessor: {
    handler: 'rosters/process-roster',
    events: [RosterCompletedV1.type],
    batchSize: 1,
    // A whole roster is applied in one invocation: 15 minutes of visibility, 150 s of work.
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 3,
    tables: ['rosters'],
    pii: true,
  },
  rostersMembershipProjector: {
    handler: 'rosters/project-membership-events',
    events: [RiderMembershipChangedV1.type],
    batchSize: 10,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    tables: ['rosters'],
  },
  membershipRosterProjector: {
    handler: 'membership/project-rider-events',
    events: [RiderStatusChangedV1.type],
    batchSize: 10,
    visibilityTimeoutSeconds: 30,
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
} as const satisfies Record<string, ConsumerSpec>;

export type ConsumerName = keyof typeof consumers;

export interface ScheduleSpec {
  handler: string;
  /** How often it runs. */
  everyMinutes: number;
  tables: readonly TableName[];
}

/** Functions run on a timer (EventBridge rules in AWS, a timer in the local runtime). */
export const schedules = {
  rostersWatchdog: { handler: 'rosters/fail-stalled-rosters', everyMinutes: 5, tables: ['rosters'] },
} as const satisfies Record<string, ScheduleSpec>;

export type ScheduleName = keyof typeof schedules;

/** The function that turns stream records of outbox items into queue messages. */
export const outboxRelay = { handler: 'outbox/relay', batchSize: 100, maxRetries: 10 } as const;

/** The Lambda authorizer in front of every non-public route. */
export const authorizer = { handler: 'auth/authorize', tables: ['accounts'] as const satisfies readonly TableName[] };

/** Tables whose stream feeds the outbox relay. */
export const outboxTables = (Object.keys(tables) as TableName[]).filter(
  (name) => (tables[name] as TableSpec).outbox === true,
);

/** Consumers subscribed to an event type. */
export function subscribersOf(type: string): ConsumerName[] {
  return (Object.keys(consumers) as ConsumerName[]).filter((name) =>
    (consumers[name].events as readonly string[]).includes(type),
  );
}

export function findRoute(method: string, path: string): RouteSpec | undefined {
  return routes.find((route) => route.method === method && route.path === path);
}

export function handlerEntry(handler: string): string {
  const [service, file] = handler.split('/');
  return `functions/${service}/handlers/${file}.ts`;
}

/** Timeout of every HTTP function and the authorizer; API Gateway itself gives up at 29 s. */
export const HTTP_FUNCTION_TIMEOUT_SECONDS = 10;

/** A consumer's function timeout: a sixth of its queue's visibility timeout, as Lambda advises. */
export const consumerTimeoutSeconds = (consumer: ConsumerName): number =>
  Math.max(1, Math.floor(consumers[consumer].visibilityTimeoutSeconds / 6));
