import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { overrideSnippet, restoreTable, RestoreError, type RestoreOptions } from './restore-table.js';

export interface OpsIo {
  out(text: string): void;
  err(text: string): void;
  /** The DynamoDB client of the province's account and region (AWS_REGION, AWS_PROFILE); tests pass a mocked one. */
  dynamodb?: DynamoDBClient;
  restoreOptions?: RestoreOptions;
}

function isoTime(value: string): Date {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time.getTime())) throw new InvalidArgumentError('an ISO 8601 time, e.g. 2026-12-01T08:30:00+08:00');
  return time;
}

/**
 * The operator's CLI, `npm run ops -- <command>`, which talks to AWS itself (not to the API):
 * `restore-table` for now. Returns the exit code.
 */
export async function runOps(argv: string[], io: OpsIo): Promise<number> {
  const program = new Command('ops')
    .description('Operations on a province\'s AWS resources (DEPLOY.md)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program
    .command('restore-table')
    .description('Restore a table with point-in-time recovery to a new table, and print how to re-point the stack at it')
    .requiredOption('--table <name>', 'physical name of the table to restore from')
    .requiredOption('--to <newName>', 'name of the new table (never the old one)')
    .option('--time <ISO>', 'the moment to restore (default: the latest restorable time)', isoTime)
    .action(async (options: { table: string; to: string; time?: Date }) => {
      if (options.to === options.table) throw new RestoreError('--to must name a new table: a restore never overwrites');
      const restored = await restoreTable(io.dynamodb ?? new DynamoDBClient({}), options, { progress: (line) => io.err(`${line}\n`), ...io.restoreOptions });
      io.out(`${overrideSnippet(restored)}\n`);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof RestoreError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
