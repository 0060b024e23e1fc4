/**
 * The province's topology: the merge of every service's manifest, plus the platform pieces
 * that serve them all (the idempotency table, the outbox relay, the authorizer).
 *
 * The CDK stack (`infra/`), the local runtime (`local/`), the authorizer and the relay read
 * this and nothing else, so adding a service is its folder plus one line in `services` below.
 */
import { accountsService } from './accounts/service.js';
import { healthService } from './health/service.js';
import { jobsService } from './jobs/service.js';
import { membershipService } from './membership/service.js';
import { orgsService } from './orgs/service.js';
import { rostersService } from './rosters/service.js';
import { statsService } from './stats/service.js';
import type { ConsumerSpec, RouteSpec, ScheduleSpec, TableSpec } from '../shared/topology.js';

export const services = [healthService, orgsService, accountsService, membershipService, rostersService, statsService, jobsService] as const;

/** Tables every service's functions may be given, owned by the platform rather than a service. */
const platformTables = {
  /** Idempotency records for `Idempotency-Key` on creating POSTs. */
  idempotency: { partitionKey: 'id', ttl: 'expiration' },
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

export const tables = merge<TableSpec>('tables', platformTables);
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

export const schedules = merge<ScheduleSpec>('schedules');
export type ScheduleName = string;

/** The function that turns stream records of outbox items into queue messages. */
export const outboxRelay = { handler: 'outbox/relay', batchSize: 100, maxRetries: 10 } as const;

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

/** Tables whose stream feeds the outbox relay. */
export const outboxTables = (Object.keys(tables) as TableName[]).filter((name) => tableSpec(name).outbox === true);


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
