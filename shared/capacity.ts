import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';

/** DynamoDB capacity units consumed, as DynamoDB reports them (`ReturnConsumedCapacity: TOTAL`). */
export interface Capacity {
  readUnits: number;
  writeUnits: number;
}

const meters = new AsyncLocalStorage<Capacity>();

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
  const result = await meters.run(capacity, work);
  return { result, capacity };
}

interface Consumed {
  CapacityUnits?: number;
}

/** Makes a client report what each request consumed to the meter of the work it runs for. */
export function meterCapacity(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const meter = meters.getStore();
      if (!meter) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const answer = await next(args);
      const consumed = (answer.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, item) => sum + (item.CapacityUnits ?? 0), 0);
      if (/Get|Query|Scan/.test(context.commandName ?? '')) meter.readUnits += units;
      else meter.writeUnits += units;
      return answer;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
}
