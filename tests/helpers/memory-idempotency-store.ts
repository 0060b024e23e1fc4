import type { IdempotencyRecord, IdempotencyStore } from '../../shared/http/idempotency.js';

/**
 * The idempotency store in a Map, with the DynamoDB store's conditions: `begin` writes only over
 * no record or an expired one, `complete` and `release` only for the record's owner while it is
 * in progress. Each call yields to the event loop first, so concurrent calls interleave as
 * they would over the network.
 */
export function memoryIdempotencyStore(): IdempotencyStore & { records: Map<string, IdempotencyRecord> } {
  const records = new Map<string, IdempotencyRecord>();
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const heldBy = (id: string, owner: string) => {
    const record = records.get(id);
    return record?.owner === owner && record.status === 'in_progress' ? record : undefined;
  };
  return {
    records,
    async begin(record, now) {
      await tick();
      const existing = records.get(record.id);
      if (existing && existing.expiresAt > now) return structuredClone(existing);
      records.set(record.id, structuredClone(record));
      return undefined;
    },
    async complete(id, owner, response, expiresAt) {
      await tick();
      const record = heldBy(id, owner);
      if (!record) return false;
      records.set(id, { ...record, status: 'completed', response: structuredClone(response), expiresAt });
      return true;
    },
    async release(id, owner) {
      await tick();
      if (!heldBy(id, owner)) return false;
      records.delete(id);
      return true;
    },
    async forgetCaller(caller) {
      await tick();
      const mine = [...records.values()].filter((record) => record.caller === caller);
      for (const record of mine) records.delete(record.id);
      return mine.length;
    },
  };
}
