import { setTimeout as sleep } from 'node:timers/promises';

/** How long to wait between re-reads: a few short pauses, about 3 s in all by default. */
export interface Patience {
  pausesMs: readonly number[];
  sleep?: (ms: number) => Promise<unknown>;
}

/** About 3 s in four re-reads: a read model fed by events lags its source by about a second. */
export const READ_MODEL_PATIENCE: Patience = { pausesMs: [200, 400, 900, 1500] };

/**
 * Reads a read model (a service's own copy of another service's data, fed by events) until
 * `accept` takes the value, re-reading a bounded number of times after short pauses; returns
 * the last value read either way, and the caller decides what a refusal means. Use it where a
 * caller's next request depends on what it just did in another service (design.md: read your
 * own writes), e.g. a member approved a moment ago submitting a wish: a miss is first taken
 * for lag, and only answered as a refusal once the patience is spent (see ADR 0012).
 *
 * @example
 * const member = await readYourWrites(() => members.get(workerId), (m) => m?.status === 'active');
 */
export async function readYourWrites<T>(read: () => Promise<T>, accept: (value: T) => boolean, patience: Patience = READ_MODEL_PATIENCE): Promise<T> {
  let value = await read();
  for (const pause of patience.pausesMs) {
    if (accept(value)) return value;
    await (patience.sleep ?? sleep)(pause);
    value = await read();
  }
  return value;
}
