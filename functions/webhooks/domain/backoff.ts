/**
 * When a failed delivery is tried again: exponential backoff with jitter, for 24 hours from
 * the first attempt (or a manual retry), then given up. Pure: the random draw comes in.
 */

/** How long failed deliveries are retried before they are marked failed. */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;

export interface RetryPolicy {
  /** The delay bound after the first failure; each further failure doubles it. */
  baseSeconds: number;
  /** The largest delay bound. */
  capSeconds: number;
}

/** Deployed: 30 s, 1 min, 2 min, ... up to 6 h between tries: about fifteen tries in a day. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseSeconds: 30, capSeconds: 6 * 3600 };

/** The upper bound of the delay after `attempts` failed attempts (1 or more), in milliseconds. */
export function delayBoundMs(attempts: number, policy: RetryPolicy): number {
  return Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.min(attempts - 1, 40)) * 1000;
}

/**
 * When to try again after `attempts` failed attempts: a delay drawn in the upper half of its
 * bound ("equal jitter": spread out, never much sooner than the schedule), or `null` when that
 * would fall past the retry window, and the delivery is failed.
 */
export function nextAttemptAt(attempts: number, windowStartedAt: Date, now: Date, random: number, policy: RetryPolicy): Date | null {
  const bound = delayBoundMs(attempts, policy);
  const at = now.getTime() + Math.round(bound / 2 + (random * bound) / 2);
  return at - windowStartedAt.getTime() > RETRY_WINDOW_MS ? null : new Date(at);
}
