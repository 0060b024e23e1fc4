import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';

/** DynamoDB capacity units consumed, as DynamoDB reports them (`ReturnConsumedCapacity: TOTAL`). */
export interface Capacity {
  readUnits: number;
  writeUnits: number;
}

/** The meters a piece of work runs under, innermost first: each counts what the work consumed. */
const meters = new AsyncLocalStorage<readonly Capacity[]>();

/**
 * Runs `work` and answers what it consumed in DynamoDB capacity, read and write apart: every
 * request the work sends through a metered client (`meterCapacity`) asks for its consumption and
 * adds it here. Work running outside `metered` is not asked, and pays nothing for it.
 *
 * @example
 * const { result, capacity } = await metered(() => applyChunk(task, ports));
 */
export async function metered<T>(work: () => Promise<T>): Promise<{ result: T; capacity: Capacity }> {
  const capacity: Capacity = { readUnits: 0, writeUnits: 0 };
  const result = await meteredInto(capacity, work);
  return { result, capacity };
}

/**
 * Runs `work` adding what it consumes, and whatever it starts consumes later (timers, servers,
 * pollers), to `capacity`. Meters nest: work metered inside is counted by every meter around it,
 * so the bench's meter around a whole province also counts what each roster step meters.
 */
export function meteredInto<T>(capacity: Capacity, work: () => T): T {
  return meters.run([capacity, ...(meters.getStore() ?? [])], work);
}

interface Consumed {
  CapacityUnits?: number;
}

/** Makes a client report what each request consumed to the meter of the work it runs for. */
export function meterCapacity(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const enclosing = meters.getStore();
      if (!enclosing) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const answer = await next(args);
      const consumed = (answer.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, item) => sum + (item.CapacityUnits ?? 0), 0);
      const read = /Get|Query|Scan/.test(context.commandName ?? '');
      for (const meter of enclosing) {
        if (read) meter.readUnits += units;
        else meter.writeUnits += units;
      }
      return answer;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
}
