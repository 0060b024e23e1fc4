/**
 * Ports every use case may be given: time and identifiers come in as arguments, so a use case
 * is a plain function that tests run with a fixed clock and predictable ids.
 */
export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new id with a readable prefix, e.g. `org_4f1c…`. */
  next(prefix: string): string;
}

/** The `Clock` port of use cases, backed by the system clock. */
export const systemClock: Clock = { now: () => new Date() };
