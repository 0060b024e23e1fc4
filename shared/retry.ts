import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `attempt` again while it throws an error `isRetryable` accepts, at most `times` runs in
 * all, with a short jittered pause between them; the last error is thrown as it is. For
 * optimistic writes that lost a race and must read again: never an unbounded loop.
 *
 * @example
 * await withRetries(() => approveOnce(membership), { times: 5, isRetryable: (e) => e instanceof CounterMovedError });
 */
export async function withRetries<T>(
  attempt: (run: number) => Promise<T>,
  options: { times: number; isRetryable: (error: unknown) => boolean; pauseMs?: number },
): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await attempt(run);
    } catch (error) {
      if (run >= options.times || !options.isRetryable(error)) throw error;
      await sleep(Math.random() * (options.pauseMs ?? 25) * run);
    }
  }
}
