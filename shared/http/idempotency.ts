import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { timingSafeEqualText } from '../crypto/compare.js';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../errors.js';
import type { Clock } from '../ports.js';

/**
 * `Idempotency-Key` support for creating POSTs (api.md, "Conventions"), as a core over a store
 * port; `shared/http/handler.ts` wraps it in a middy middleware and
 * `shared/http/idempotency-store.ts` keeps its records in DynamoDB. See docs/adr/0009.
 *
 * The invariant: for one scope (caller, method, concrete path, key) at most one request runs
 * the handler at a time, and once one succeeded every later request with the same body gets its
 * answer. Only `begin` decides who runs, with one conditional write; nothing here deletes a
 * record another request owns.
 */

/** What a key is scoped to: the same key from another caller or on another path is another request. */
export interface IdempotencyScope {
  /** The authorizer's `principalId`, e.g. `worker:w-1` or `account:acc_…`. */
  caller: string;
  method: string;
  /** The concrete path (`event.path`, e.g. `/v1/orgs/org_a/join-links`), never the route template. */
  path: string;
  key: string;
}

/** The answer kept for replays: what the handler returned, as API Gateway takes it. */
export interface StoredResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

interface RecordBase {
  /** SHA-256 of the scope: fixed length whatever the key and path, and no raw key stored. */
  id: string;
  /** The scope's caller in plain, so `forgetCaller` finds the records of an erased worker. */
  caller: string;
  /** Random per `begin`: only the request that wrote a record may complete or release it. */
  owner: string;
  /** Random per record; with the client's key, it keys the body's fingerprint. */
  salt: string;
  fingerprint: string;
  /** Epoch seconds after which the record no longer counts (and DynamoDB TTL deletes it). */
  expiresAt: number;
}

export type IdempotencyRecord =
  | (RecordBase & { status: 'in_progress' })
  | (RecordBase & { status: 'completed'; response: StoredResponse });

export type InProgressRecord = Extract<IdempotencyRecord, { status: 'in_progress' }>;

/**
 * Where records live. Implementations must make `begin` atomic: of any number of simultaneous
 * calls for one id, exactly one writes.
 */
export interface IdempotencyStore {
  /**
   * Writes `record` when no record has its id or the one there expired (`expiresAt <= now`).
   * Returns undefined when it wrote, else the live record that stopped it.
   */
  begin(record: InProgressRecord, now: number): Promise<IdempotencyRecord | undefined>;
  /** Turns the owner's in-progress record into a completed one; false when `owner` no longer holds it. */
  complete(id: string, owner: string, response: StoredResponse, expiresAt: number): Promise<boolean>;
  /** Deletes the owner's in-progress record; false when `owner` no longer holds it. */
  release(id: string, owner: string): Promise<boolean>;
  /** Deletes every record of a caller (erasure); returns how many it deleted. */
  forgetCaller(caller: string): Promise<number>;
}

/** The right to run the handler for a scope, held until `complete` or `release`. */
export interface IdempotencyClaim {
  id: string;
  owner: string;
}

export type BeginOutcome = { claim: IdempotencyClaim } | { replay: StoredResponse };

export interface IdempotencyOptions {
  store: IdempotencyStore;
  clock: Clock;
  /** How long a completed answer is replayed. Default one day. */
  completedForSeconds?: number;
  /** `Retry-After` of the 409 a duplicate gets while the first runs. Default 1 s: most requests finish sooner. */
  retryAfterSeconds?: number;
}

const DAY_SECONDS = 24 * 3600;
const SALT_BYTES = 16;

/** Epoch seconds, rounded down: a record with `expiresAt <= epochSeconds(now)` has expired. */
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The record id of a scope. NUL cannot occur in a header, a path or a principal id, so no two scopes collide. */
export function scopeId(scope: IdempotencyScope): string {
  return createHash('sha256').update([scope.caller, scope.method, scope.path, scope.key].join('\u0000'), 'utf8').digest('base64url');
}

/** JSON with object keys sorted at every depth: `{a, b}` and `{b, a}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The body's fingerprint: HMAC-SHA-256 keyed by the record's random salt and the client's
 * Idempotency-Key, never a plain hash. Bodies carry ID numbers and mobiles, which a plain hash
 * gives away to anyone who reads the table and enumerates them; here they would also need the
 * key, which the table does not hold (only a hash of the whole scope), and the salt makes equal
 * bodies under different records unrelated.
 */
export function fingerprintOf(key: string, salt: string, body: unknown): string {
  return createHmac('sha256', Buffer.concat([Buffer.from(salt, 'base64url'), Buffer.from(key, 'utf8')]))
    .update(canonicalJson(body), 'utf8')
    .digest('base64url');
}

export interface Idempotency {
  /**
   * Claims the scope for this request, or answers it from the record already there.
   *
   * 1. Write an in-progress record that lives `inProgressForSeconds`, unless a live one exists.
   * 2. Written: the caller runs its handler, then calls `complete` or `release` with the claim.
   * 3. A live record for another body: `IdempotencyKeyReusedError` (422).
   * 4. A completed record for this body: its answer, to replay.
   * 5. An in-progress record for this body: `IdempotencyKeyInProgressError` (409, Retry-After).
   *
   * @example
   * const outcome = await idempotency.begin(scope, event.jsonBody, 15);
   * if ('replay' in outcome) return outcome.replay;
   */
  begin(scope: IdempotencyScope, body: unknown, inProgressForSeconds: number): Promise<BeginOutcome>;
  /** Keeps a success for replays. False when the claim was lost (it expired and another request took over). */
  complete(claim: IdempotencyClaim, response: StoredResponse): Promise<boolean>;
  /** Gives the scope up so a corrected retry runs afresh. False when the claim was already lost. */
  release(claim: IdempotencyClaim): Promise<boolean>;
}

/** The idempotency core over a store; see {@link Idempotency}. */
export function makeIdempotency(options: IdempotencyOptions): Idempotency {
  const { store, clock } = options;
  const completedForSeconds = options.completedForSeconds ?? DAY_SECONDS;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  return {
    async begin(scope, body, inProgressForSeconds) {
      const now = epochSeconds(clock.now());
      const salt = randomBytes(SALT_BYTES).toString('base64url');
      const record: InProgressRecord = {
        id: scopeId(scope),
        caller: scope.caller,
        owner: randomUUID(),
        salt,
        fingerprint: fingerprintOf(scope.key, salt, body),
        expiresAt: now + Math.max(1, Math.ceil(inProgressForSeconds)),
        status: 'in_progress',
      };
      const existing = await store.begin(record, now);
      if (!existing) return { claim: { id: record.id, owner: record.owner } };
      if (!timingSafeEqualText(existing.fingerprint, fingerprintOf(scope.key, existing.salt, body))) throw new IdempotencyKeyReusedError();
      if (existing.status === 'completed') return { replay: existing.response };
      throw new IdempotencyKeyInProgressError(retryAfterSeconds);
    },
    complete(claim, response) {
      return store.complete(claim.id, claim.owner, response, epochSeconds(clock.now()) + completedForSeconds);
    },
    release(claim) {
      return store.release(claim.id, claim.owner);
    },
  };
}

/** `1`-`255` visible ASCII characters: what an `Idempotency-Key` header may hold. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
