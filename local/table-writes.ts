import { documentClient } from '../shared/dynamo.js';

/**
 * Tells the local stream pollers which tables the functions just wrote, so an idle poller wakes
 * at once instead of asking DynamoDB Local for records every moment. GetRecords is among the
 * engine's dearest requests, and ten streams polled five times a second kept it busy when
 * nothing happened. Deployed, Lambda's event source does its own polling; this is the local
 * runtime's stand-in for it, watching the one document client every function shares.
 */
const listeners = new Map<string, Set<() => void>>();
let watching = false;

/** Calls `listener` after each write the functions make to `tableName`; returns the unsubscribe. */
export function onTableWrite(tableName: string, listener: () => void): () => void {
  watchFunctionsClient();
  let set = listeners.get(tableName);
  if (!set) listeners.set(tableName, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(tableName);
  };
}

function watchFunctionsClient(): void {
  if (watching) return;
  watching = true;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (!WRITES.test(context.commandName ?? '')) return next(args);
      try {
        return await next(args);
      } finally {
        // A failed write may still have written (a timeout after commit): wake either way.
        for (const table of writtenTables(args.input as WriteInput)) for (const listener of listeners.get(table) ?? []) listener();
      }
    },
    { step: 'initialize', name: 'localTableWrites' },
  );
}

/**
 * The document client's write commands, and the base client's beneath them (which the shared
 * middleware stack sees): `TransactWriteItemsCommand` is the one whose name is plural.
 */
const WRITES = /^((Put|Update|Delete|BatchWrite)(Item)?|TransactWrite(Items)?)Command$/;

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
