import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConcurrentChangeError, TransactionConflictError, transact, type TransactItem } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';

/** A client whose transactions are cancelled with the given reasons, call after call. */
function cancellingClient(...reasonsPerCall: string[][]) {
  let calls = 0;
  const client = {
    send: async () => {
      const reasons = reasonsPerCall[Math.min(calls, reasonsPerCall.length - 1)]!;
      calls += 1;
      if (reasons.length === 0) return {};
      throw Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: reasons.map((Code) => ({ Code })) });
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, calls: () => calls };
}

const put = (pk: string): TransactItem => ({ Put: { TableName: 't', Item: { pk } } });
class GuardTakenError extends Error {}
class OtherGuardError extends Error {}

describe('transact()', () => {
  it('throws the error named by the item whose condition failed, whatever its position', async () => {
    const { client } = cancellingClient(['None', 'None', 'ConditionalCheckFailed']);
    const items = [put('a'), { item: put('b'), onConditionFailed: () => new OtherGuardError() }, { item: put('c'), onConditionFailed: () => new GuardTakenError() }];
    await expect(transact(client, items)).rejects.toBeInstanceOf(GuardTakenError);
  });

  it('calls a failed condition on an item without a named error a concurrent change (409)', async () => {
    const { client } = cancellingClient(['ConditionalCheckFailed', 'None']);
    const error = await transact(client, [put('a'), { item: put('b'), onConditionFailed: () => new GuardTakenError() }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentChangeError);
    expect(error).toMatchObject({ status: 409 });
  });

  it('retries a transaction cancelled only by conflicts, and succeeds once they stop', async () => {
    const { client, calls } = cancellingClient(['TransactionConflict', 'None'], ['TransactionConflict', 'None'], []);
    await transact(client, [put('a'), put('b')]);
    expect(calls()).toBe(3);
  });

  it('answers lasting conflicts with a 409 to retry, never a raw SDK error, after five attempts', async () => {
    const { client, calls } = cancellingClient(['TransactionConflict']);
    const error = await transact(client, [put('a')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionConflictError);
    expect(error).toMatchObject({ status: 409 });
    expect(calls()).toBe(5);
  });

  it('does not retry when a condition failed alongside a conflict', async () => {
    const { client, calls } = cancellingClient(['TransactionConflict', 'ConditionalCheckFailed']);
    await expect(transact(client, [put('a'), { item: put('b'), onConditionFailed: () => new GuardTakenError() }])).rejects.toBeInstanceOf(GuardTakenError);
    expect(calls()).toBe(1);
  });

  it('passes other SDK errors through as they are', async () => {
    const failing = { send: async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' })) } as unknown as DynamoDBDocumentClient;
    await expect(transact(failing, [put('a')])).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });
});

describe('withRetries()', () => {
  it('runs at most the given number of times and throws the last error', async () => {
    let runs = 0;
    await expect(withRetries(async () => { runs += 1; throw new Error(`run ${runs}`); }, { times: 3, isRetryable: () => true, pauseMs: 0 })).rejects.toThrow('run 3');
    expect(runs).toBe(3);
  });

  it('stops at once on an error it may not retry', async () => {
    let runs = 0;
    await expect(withRetries(async () => { runs += 1; throw new GuardTakenError(); }, { times: 5, isRetryable: (e) => !(e instanceof GuardTakenError), pauseMs: 0 })).rejects.toBeInstanceOf(GuardTakenError);
    expect(runs).toBe(1);
  });

  it('returns the first success and tells the attempt its run number', async () => {
    const seen: number[] = [];
    expect(await withRetries(async (run) => { seen.push(run); if (run < 2) throw new Error('again'); return 'done'; }, { times: 5, isRetryable: () => true, pauseMs: 0 })).toBe('done');
    expect(seen).toEqual([1, 2]);
  });
});
