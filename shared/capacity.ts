import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InitializeMiddleware } from '@smithy/types';

/** DynamoDB capacity units consumed, as DynamoDB reports them (`ReturnConsumedCapacity: TOTAL`). */
export interface Capacity {
  readUnits: number;
  writeUnits: number;
}

interface Consumed {
  CapacityUnits?: number;
}

/**
 * A middleware that asks DynamoDB what each request consumed and adds it to `meters()`, reads
 * and writes apart; a request while there are none asks nothing and pays nothing for it.
 */
const counting =
  <Input extends object, Output extends object>(meters: () => readonly Capacity[]): InitializeMiddleware<Input, Output> =>
  (next, context) =>
  async (args) => {
    const into = meters();
    if (into.length === 0) return next(args);
    (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
    const answer = await next(args);
    const consumed = (answer.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
    const units = [consumed ?? []].flat().reduce((sum, item) => sum + (item.CapacityUnits ?? 0), 0);
    const read = /Get|Query|Scan/.test(context.commandName ?? '');
    for (const meter of into) {
      if (read) meter.readUnits += units;
      else meter.writeUnits += units;
    }
    return answer;
  };

/**
 * A client that sends through `client` and adds what each of its requests consumed to
 * `capacity`: one piece of work's meter, such as a roster step's. Passed in, not ambient: an
 * AsyncLocalStorage meter makes Node 20 run a hook on every promise of the process (ADR 0033).
 *
 * @example
 * const capacity = { readUnits: 0, writeUnits: 0 };
 * const rosters = makeRosterRepository({ client: meteredClient(documentClient(), capacity), tables });
 */
export function meteredClient(client: DynamoDBDocumentClient, capacity: Capacity): DynamoDBDocumentClient {
  const metered = Object.create(client) as DynamoDBDocumentClient;
  const meter = counting<object, object>(() => [capacity]);
  metered.send = ((command: { middlewareStack: { add(middleware: typeof meter, options: { step: 'initialize'; name: string; override: boolean }): void } }, ...rest: unknown[]) => {
    // `override`: a command sent again (a retried transaction) keeps one meter.
    command.middlewareStack.add(meter, { step: 'initialize', name: 'meteredClient', override: true });
    return (client.send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as DynamoDBDocumentClient['send'];
  return metered;
}

/** The meters counting every request of the clients given to `meterCapacity`. */
const processMeters: Capacity[] = [];

/** Makes `client` report what each request consumed to the process's meters (`meterProcess`). */
export function meterCapacity(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(counting(() => processMeters), { step: 'initialize', name: 'meterCapacity' });
}

/**
 * Adds what every request of the metered clients (the functions' own) consumes to `capacity`,
 * from now until the answered function is called: the bench's meter of a whole province.
 */
export function meterProcess(capacity: Capacity): () => void {
  processMeters.push(capacity);
  return () => {
    const at = processMeters.indexOf(capacity);
    if (at !== -1) processMeters.splice(at, 1);
  };
}
