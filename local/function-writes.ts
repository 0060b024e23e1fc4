import { documentClient } from '../shared/dynamo.js';
import { sqsClient } from '../shared/sqs.js';

/** Listeners by table name or queue URL. */
class Listeners {
  private readonly byName = new Map<string, Set<() => void>>();

  add(name: string, listener: () => void): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byName.delete(name);
    };
  }

  wake(names: readonly string[]): void {
    for (const name of names) for (const listener of this.byName.get(name) ?? []) listener();
  }
}

/**
 * A middleware that wakes `listeners` with what `written` finds a command names, after the
 * command ends: a failed write may still have written (a timeout after commit), so either way.
 */
const waking =
  (written: (commandName: string, input: object) => string[], listeners: Listeners) =>
  <Output>(next: (args: { input: object }) => Promise<Output>, context: { commandName?: string }) =>
  async (args: { input: object }): Promise<Output> => {
    const names = written(context.commandName ?? '', args.input);
    if (names.length === 0) return next(args);
    try {
      return await next(args);
    } finally {
      listeners.wake(names);
    }
  };

const tableWrites = new Listeners();
const queueSends = new Listeners();
let watching = false;

/**
 * Tells the local pollers what the functions just wrote, so an idle poller wakes at once instead
 * of asking the engines every moment: a stream poller when a table it reads was written, a queue
 * poller when its queue was sent to. GetRecords is among DynamoDB Local's dearest requests (ten
 * streams polled five times a second kept it busy when nothing happened), and every long poll
 * waiting on the SQS emulator keeps a timer of its queue firing every 20 ms. Deployed, Lambda's
 * event sources do their own polling; this is the local runtime's stand-in for them, watching
 * the one document client and the one SQS client every function shares.
 */
function watchFunctionsClients(): void {
  if (watching) return;
  watching = true;
  const tables = waking((command, input) => (TABLE_WRITES.test(command) ? writtenTables(input as WriteInput) : []), tableWrites);
  documentClient().middlewareStack.add(tables, { step: 'initialize', name: 'localTableWrites' });
  const queues = waking((command, input) => (QUEUE_SENDS.test(command) ? [(input as { QueueUrl?: string }).QueueUrl ?? ''] : []), queueSends);
  sqsClient().middlewareStack.add(queues, { step: 'initialize', name: 'localQueueSends' });
}

/** Calls `listener` after each write the functions make to `tableName`; returns the unsubscribe. */
export function onTableWrite(tableName: string, listener: () => void): () => void {
  watchFunctionsClients();
  return tableWrites.add(tableName, listener);
}

/** Calls `listener` after each message the functions send to `queueUrl`; returns the unsubscribe. */
export function onQueueSend(queueUrl: string, listener: () => void): () => void {
  watchFunctionsClients();
  return queueSends.add(queueUrl, listener);
}

/**
 * The document client's write commands, and the base client's beneath them (which the shared
 * middleware stack sees): `TransactWriteItemsCommand` is the one whose name is plural.
 */
const TABLE_WRITES = /^((Put|Update|Delete|BatchWrite)(Item)?|TransactWrite(Items)?)Command$/;

const QUEUE_SENDS = /^SendMessage(Batch)?Command$/;

interface WriteInput {
  TableName?: string;
  TransactItems?: Array<Record<string, { TableName?: string } | undefined>>;
  RequestItems?: Record<string, unknown>;
}

/** Tables a write names; a transaction's condition checks count, which costs one needless poll. */
function writtenTables(input: WriteInput): string[] {
  if (input.TransactItems) return input.TransactItems.flatMap((item) => Object.values(item).map((op) => op?.TableName ?? ''));
  if (input.RequestItems) return Object.keys(input.RequestItems);
  return input.TableName ? [input.TableName] : [];
}
