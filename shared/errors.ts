/**
 * Errors a client can cause. Each carries its HTTP status and becomes an RFC 9457 problem;
 * anything else thrown is a 500 with a correlation id and no internals.
 */
export interface FieldError {
  /** Where the bad value is: `body.mobile`, `query.limit`, `path.orgId`, `header.idempotency-key`. */
  path: string;
  message: string;
}

/** The RFC 9457 `type` of a problem with this title, e.g. `/problems/invalid-input`. */
export const problemType = (title: string): string => `/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  readonly errors?: FieldError[];
  /** When set, the answer carries `Retry-After` with these seconds (a 409 race, a 429). */
  readonly retryAfterSeconds?: number;

  constructor(detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = new.target.name;
    if (errors) this.errors = errors;
  }

  /** The problem `type`: a stable slug per error class. */
  get type(): string {
    return problemType(this.title);
  }
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly title = 'Invalid input';

  constructor(errors: FieldError[], detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ')) {
    super(detail, errors);
  }

  static field(path: string, message: string): InvalidInputError {
    return new InvalidInputError([{ path, message }]);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/**
 * A request with an Idempotency-Key whose first request is still running. The client retries
 * after `Retry-After` and then meets the first request's answer.
 */
export class IdempotencyKeyInProgressError extends ConflictError {
  override readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('A request with this Idempotency-Key is still in progress; retry after the time in Retry-After');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An Idempotency-Key reused with another request body: the client must use a new key. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly title = 'Idempotency key reused';

  constructor() {
    super('This Idempotency-Key was already used with a different request body; send a new key for a new request');
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/** A limit was reached: the answer carries `Retry-After` with the seconds to wait. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';

  /** Whole seconds until a retry can succeed, at least 1. */
  override readonly retryAfterSeconds: number;

  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/**
 * The database stayed throttled through the SDK's own retries (nothing was written: a throttled
 * request is refused whole), or the function ran out of time on it: the client retries after
 * `Retry-After`, with the same Idempotency-Key if it sent one.
 */
export class ServiceBusyError extends DomainError {
  readonly status = 503;
  readonly title = 'Service busy';
  override readonly retryAfterSeconds = 1;

  constructor(detail = 'The service is busy; nothing was changed; retry after the time in Retry-After') {
    super(detail);
  }
}

/**
 * What a request that ran out of time is told (middy answers just before Lambda would stop it):
 * part of the work may be done, so a retry with the same key answers as completed or as a
 * conflict, never does it twice.
 */
export const TIMED_OUT_DETAIL = 'The request ran out of time before it finished; retry after the time in Retry-After, with the same Idempotency-Key if you sent one';

/** The error middy rejects with when a handler is about to reach the function's timeout. */
export const isFunctionTimeout = (error: unknown): boolean =>
  error instanceof Error && error.name === 'TimeoutError' && (error.cause as { package?: string } | undefined)?.package === '@middy/core';

/**
 * A service the request depends on (the province's SMS gateway) is down, slow or refused us:
 * nothing was changed, so the client retries after `Retry-After`.
 */
export class DependencyUnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  override readonly retryAfterSeconds: number;

  constructor(detail: string, retryAfterSeconds: number) {
    super(`${detail}; nothing was changed; retry after the time in Retry-After`);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/**
 * The SMS service will never deliver to this mobile (not a mobile, unknown, barred): the use
 * case asks the client for another number rather than a retry.
 */
export class SmsRecipientRefusedError extends Error {
  constructor() {
    super('The SMS service refused the recipient');
    this.name = 'SmsRecipientRefusedError';
  }
}

/** Names of the errors AWS services throw for throttling, after the SDK's retries gave up. */
const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);

export const isThrottling = (error: unknown): boolean => error instanceof Error && THROTTLING.has(error.name);
