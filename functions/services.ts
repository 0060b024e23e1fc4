/**
 * The province's topology: the merge of every service's manifest, plus the platform pieces
 * that serve them all (the idempotency table, the outbox relay and sweep, the authorizer).
 *
 * The CDK stack (`infra/`), the local runtime (`local/`), the authorizer and the relay read
 * this and nothing else, so adding a service is its folder plus one line in `services` below.
 */
import { accountsService } from './accounts/service.js';
import { auditService } from './audit/service.js';
import { coursesService } from './courses/service.js';
import { healthService } from './health/service.js';
import { helpService } from './help/service.js';
import { jobsService } from './jobs/service.js';
import { membershipService } from './membership/service.js';
import { orgsService } from './orgs/service.js';
import { rostersService } from './rosters/service.js';
import { stationsService } from './stations/service.js';
import { statsService } from './stats/service.js';
import { webhooksService } from './webhooks/service.js';
import { wishesService } from './wishes/service.js';
import { OUTBOX_TTL_ATTRIBUTE, UNPUBLISHED_OUTBOX_INDEX, unpublishedOutboxIndex } from '../shared/outbox.js';
import type { ConsumerSpec, RouteSpec, ScheduleSpec, TableSpec } from '../shared/topology.js';
import { SITE_PATHS } from '../web/site.js';

export const services = [healthService, orgsService, accountsService, membershipService, rostersService, statsService, jobsService, wishesService, stationsService, helpService, coursesService, auditService, webhooksService] as const;

/** Tables every service's functions may be given, owned by the platform rather than a service. */
const platformTables = {
  /**
   * Idempotency records for `Idempotency-Key` on creating POSTs (`shared/http/idempotency-store.ts`).
   * `recordsByCaller` finds a caller's records for erasure; it has no sort key because the
   * topology's keys are strings and erasure wants every record of the caller anyway.
   */
  idempotency: { partitionKey: 'id', ttl: 'expiration', indexes: { recordsByCaller: { partitionKey: 'caller' } } },
  /**
   * The append-only audit log of access to personal data (`shared/audit.ts`): routes marked
   * `audit: 'append'` may only put entries; the audit service's route reads them. A partition
   * per day, and the same entries by actor and by org.
   */
  audit: {
    partitionKey: 'pk',
    sortKey: 'sk',
    ttl: 'expiresAt',
    indexes: { auditByActor: { partitionKey: 'actorId', sortKey: 'sk' }, auditByOrg: { partitionKey: 'orgId', sortKey: 'sk' } },
  },
} as const satisfies Record<string, TableSpec>;

/** Names are province-wide (they name queues, tables and environment variables), so two services may not share one. */
function merge<T>(part: 'tables' | 'consumers' | 'schedules', start: Record<string, T> = {}): Readonly<Record<string, T>> {
  const merged: Record<string, T> = { ...start };
  for (const service of services) {
    for (const [name, spec] of Object.entries(service[part])) {
      if (name in merged) throw new Error(`Two declarations of ${part} ${name}: names are province-wide`);
      merged[name] = spec as T;
    }
  }
  return merged;
}

/**
 * An outbox table as deployed: with the sweep's index of unpublished items, added here once so
 * the stack and the local runtime both build it. The outbox item layout (`shared/outbox.ts`)
 * fixes the key and TTL attributes, so a table that names others is refused.
 */
function withOutbox(name: string, spec: TableSpec): TableSpec {
  if (!spec.outbox) return spec;
  if (spec.partitionKey !== 'pk' || spec.sortKey !== 'sk') throw new Error(`Outbox table ${name} must be keyed pk/sk, as outbox items are`);
  if ((spec.ttl ?? OUTBOX_TTL_ATTRIBUTE) !== OUTBOX_TTL_ATTRIBUTE) throw new Error(`Outbox table ${name} must expire items by ${OUTBOX_TTL_ATTRIBUTE}, as published outbox items do`);
  if (spec.indexes && UNPUBLISHED_OUTBOX_INDEX in spec.indexes) throw new Error(`Table ${name} declares ${UNPUBLISHED_OUTBOX_INDEX}, which the platform adds`);
  return { ...spec, ttl: OUTBOX_TTL_ATTRIBUTE, indexes: { ...spec.indexes, [UNPUBLISHED_OUTBOX_INDEX]: unpublishedOutboxIndex } };
}

export const tables: Readonly<Record<string, TableSpec>> = Object.fromEntries(
  Object.entries(merge<TableSpec>('tables', platformTables)).map(([name, spec]) => [name, withOutbox(name, spec)]),
);
/** A table's name in the topology, e.g. `memberships` (its physical name comes from `TABLE_<NAME>`). */
export type TableName = string;

export const routes: readonly RouteSpec[] = services.flatMap((service): readonly RouteSpec[] => service.routes);
for (const route of routes) {
  if (routes.filter((other) => other.method === route.method && other.path === route.path).length > 1) {
    throw new Error(`Two services declare ${route.method} ${route.path}`);
  }
}

export const consumers = merge<ConsumerSpec>('consumers');
/** A consumer's name, which also names its queue and dead-letter queue. */
export type ConsumerName = string;

/** Tables whose stream feeds the outbox relay. */
export const outboxTables = (Object.keys(tables) as TableName[]).filter((name) => tables[name]!.outbox === true);

/** Scheduled functions of the platform, run like the services' own. */
const platformSchedules = {
  /**
   * Republishes outbox items the relay did not mark published (a stream batch given up after
   * `maxRetries`, a relay that died between sending and marking): what guarantees delivery.
   */
  outboxSweep: { handler: 'outbox/sweep', everyMinutes: 5, tables: outboxTables, publishesEvents: true },
} as const satisfies Record<string, ScheduleSpec>;

export const schedules = merge<ScheduleSpec>('schedules', platformSchedules);
export type ScheduleName = string;

/** The function that turns stream records of outbox items into queue messages. */
export const outboxRelay = { handler: 'outbox/relay', batchSize: 100, maxRetries: 10 } as const;

/**
 * The web pages where the API serves them (`web.hosting: 'api'`, ADR 0032): one public function,
 * shipped with the province's build, on a GET of each page and of `/assets/{file}`. Not a
 * service's route: no authorizer, no usage plan, nothing in the OpenAPI document partners read.
 */
export const site = { handler: 'web/serve-site', paths: SITE_PATHS } as const;

/** The Lambda authorizer in front of every non-public route; it reads API keys through the accounts port. */
export const authorizer = { handler: 'auth/authorize', tables: ['accounts'] as readonly TableName[] };

function lookup<T>(record: Readonly<Record<string, T>>, kind: string, name: string): T {
  const spec = record[name];
  if (!spec) throw new Error(`No ${kind} named ${name} in the topology`);
  return spec;
}

export const tableSpec = (name: TableName): TableSpec => lookup(tables, 'table', name);
export const consumerSpec = (name: ConsumerName): ConsumerSpec => lookup(consumers, 'consumer', name);
export const scheduleSpec = (name: ScheduleName): ScheduleSpec => lookup(schedules, 'schedule', name);


/** Consumers subscribed to an event type. */
export function subscribersOf(type: string): ConsumerName[] {
  return (Object.keys(consumers) as ConsumerName[]).filter((name) => consumerSpec(name).events.includes(type));
}

export function findRoute(method: string, path: string): RouteSpec | undefined {
  return routes.find((route) => route.method === method && route.path === path);
}

/** A consumer's function timeout: a sixth of its queue's visibility timeout, as Lambda advises. */
export const consumerTimeoutSeconds = (consumer: ConsumerName): number =>
  Math.max(1, Math.floor(consumerSpec(consumer).visibilityTimeoutSeconds / 6));
