/**
 * The vocabulary of service manifests: what a service declares about itself (tables, routes,
 * consumers, schedules) so that the CDK stack and the local runtime can both be built from it.
 * Each service writes its manifest in `functions/<service>/service.ts` with `defineService`;
 * `functions/services.ts` merges them into the province's topology.
 */
export type Role = 'worker' | 'org_admin' | 'province_admin' | 'partner' | 'donor' | 'employer';

export const STAFF: readonly Role[] = ['org_admin', 'province_admin'];
export const ACCOUNTS: readonly Role[] = ['partner', 'donor', 'employer'];
/** Every role with credentials: routes any signed-in caller may use (public ones are `'public'`). */
export const ANYONE: readonly Role[] = ['worker', ...STAFF, ...ACCOUNTS];

export interface IndexSpec {
  partitionKey: string;
  sortKey?: string;
}

export interface TableSpec {
  partitionKey: string;
  sortKey?: string;
  /** Global secondary indexes, named for the query they serve. */
  indexes?: Record<string, IndexSpec>;
  /**
   * A table with a stream carries an outbox: the relay publishes its `OUTBOX#` items, and the
   * platform's sweep republishes those the relay did not mark published. The topology adds the
   * sweep's index to such a table; its key must be `pk`/`sk` and its TTL `expiresAt`.
   */
  outbox?: boolean;
  /** Attribute holding an epoch-seconds expiry that DynamoDB TTL deletes. */
  ttl?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  path: string;
  /** `<service>/<file>`: the module `functions/<service>/handlers/<file>.ts`, exporting `handler`. */
  handler: string;
  /** Roles the authorizer lets through; `public` routes skip the authorizer. */
  allow: readonly Role[] | 'public';
  /** Tables the function reads or writes; POST routes also get the platform's idempotency table. */
  tables: readonly string[];
  /** The function encrypts or blind-indexes personal data, or signs with the MAC key. */
  pii?: boolean;
  /**
   * The platform's audit log of access to personal data: `append` for a route that shows or
   * erases personal data (it may only put entries), `read` for the route that lists them.
   */
  audit?: 'append' | 'read';
  /** The function sends SMS (a verification code). */
  sms?: boolean;
  /** The route answers pages with `nextCursor`: it seals and opens cursors with the cursor key. */
  pages?: boolean;
  /** The function signs join links (the orgs service) or verifies them (the membership service). */
  joinLinks?: 'sign' | 'verify';
  /** The function registers accounts' usage keys with the province's usage plans (it issues API keys). */
  usageKeys?: boolean;
  /** Files the function reads at run time (project-relative), shipped beside its bundle: a poster's font. */
  files?: readonly string[];
}

export interface ConsumerSpec {
  handler: string;
  /** Event types delivered to this consumer's queue (none for a queue of tasks only). */
  events: readonly string[];
  /**
   * The queue also takes tasks: work its own service splits and sends it (a roster's chunks),
   * named by `sendsTasksTo` on the senders. Tasks never leave their service; what other services
   * must hear goes through the outbox as events.
   */
  takesTasks?: boolean;
  /** Consumers of this service whose queues this function sends tasks to. */
  sendsTasksTo?: readonly string[];
  /**
   * How many copies of the function consume the queue at once (the event source's maximum
   * concurrency, the local runtime's pollers); one when unset.
   */
  maxConcurrency?: number;
  batchSize: number;
  /** Queue visibility timeout; the function timeout is a sixth of it, as Lambda advises. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the consumer's dead-letter queue. */
  maxReceiveCount: number;
  tables: readonly string[];
  /** The consumer decrypts or blind-indexes personal data. */
  pii?: boolean;
}

export interface ScheduleSpec {
  handler: string;
  /** How often it runs. */
  everyMinutes: number;
  tables: readonly string[];
  pii?: boolean;
  /**
   * Sends events to every consumer's queue. Only the platform's outbox sweep does: a service
   * announces through its outbox, never by sending.
   */
  publishesEvents?: boolean;
}

/** What one service declares: everything it owns and everything that calls it. */
export interface ServiceManifest {
  name: string;
  tables: Record<string, TableSpec>;
  routes: readonly RouteSpec[];
  consumers: Record<string, ConsumerSpec>;
  schedules: Record<string, ScheduleSpec>;
}

/**
 * Declares a service. A service names only its own tables in its routes, consumers and
 * schedules (the type refuses any other), and its handlers as files of its own folder.
 *
 * @example
 * export const orgsService = defineService({ name: 'orgs', tables: { orgs: {...} }, routes: [...], consumers: {}, schedules: {} });
 */
export function defineService<const M extends ServiceManifest>(manifest: M): M {
  const functions = [...manifest.routes, ...Object.values(manifest.consumers), ...Object.values(manifest.schedules)];
  for (const fn of functions) {
    if (!fn.handler.startsWith(`${manifest.name}/`)) throw new Error(`Service ${manifest.name} declares handler ${fn.handler} outside its folder`);
    const foreign = fn.tables.find((table) => !(table in manifest.tables));
    if (foreign) throw new Error(`${fn.handler} names table ${foreign}, which service ${manifest.name} does not own`);
  }
  for (const [name, consumer] of Object.entries(manifest.consumers)) {
    if (consumer.events.length === 0 && !consumer.takesTasks) throw new Error(`Consumer ${name} takes neither events nor tasks`);
    for (const target of consumer.sendsTasksTo ?? []) {
      if (!manifest.consumers[target]?.takesTasks) throw new Error(`${consumer.handler} sends tasks to ${target}, which is not a consumer of service ${manifest.name} that takes tasks`);
    }
  }
  const sender = Object.values(manifest.schedules).find((schedule) => schedule.publishesEvents);
  if (sender) throw new Error(`${sender.handler} would send to queues; a service announces events through its outbox`);
  return manifest;
}

/** The names of a table's indexes, so a query can only name an index the table declares. */
export type IndexName<T extends TableSpec> = T['indexes'] extends Record<string, IndexSpec> ? keyof T['indexes'] & string : never;

/** `indexOf(tables.memberships, 'membershipsByOrg')`: an index name checked against its table's spec. */
export const indexOf = <T extends TableSpec>(_table: T, name: IndexName<T>): string => name;

/** Timeout of every HTTP function and the authorizer; API Gateway itself gives up at 29 s. */
export const HTTP_FUNCTION_TIMEOUT_SECONDS = 10;

/** `functions/<service>/handlers/<file>.ts` for a handler named `<service>/<file>`. */
export function handlerEntry(handler: string): string {
  const [service, file] = handler.split('/');
  return `functions/${service}/handlers/${file}.ts`;
}

/**
 * Whether a route is throttled per account by usage plans: routes only accounts call. API
 * Gateway applies a usage plan only where a method requires an API key, which would shut out a
 * worker's or staff member's JWT on a route they share with accounts; those routes stay under
 * the stage's throttling alone.
 */
export const isMetered = (route: Pick<RouteSpec, 'allow'>): boolean => route.allow !== 'public' && route.allow.every((role) => ACCOUNTS.includes(role));
