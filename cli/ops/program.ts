import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { provinceConfig } from '../../infra/provinces/index.js';
import type { ProvinceConfig } from '../../infra/provinces/schema.js';
import { issueUsageKeys, UsageKeysError } from './issue-usage-keys.js';
import { overrideSnippet, restoreTable, RestoreError, type RestoreOptions } from './restore-table.js';

export interface OpsIo {
  out(text: string): void;
  err(text: string): void;
  /** The DynamoDB client of the province's account and region (AWS_REGION, AWS_PROFILE); tests pass a mocked one. */
  dynamodb?: DynamoDBClient;
  /** The API Gateway client of the same account and region; tests pass a mocked one. */
  apigateway?: APIGatewayClient;
  restoreOptions?: RestoreOptions;
}

function province(key: string): ProvinceConfig {
  try {
    return provinceConfig(key);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace('pass -c province=<key>', 'pass --province <key>'));
  }
}

function isoTime(value: string): Date {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time.getTime())) throw new InvalidArgumentError('an ISO 8601 time, e.g. 2026-12-01T08:30:00+08:00');
  return time;
}

/**
 * The operator's CLI, `npm run ops -- <command>`, which talks to AWS itself (not to the API):
 * `restore-table` and `issue-usage-keys`. Returns the exit code.
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
  program
    .command('issue-usage-keys')
    .description('After upgrading to per-account limits: give every account without a usage key one (same API keys); safe to run again')
    .requiredOption('--province <key>', 'the province whose accounts to upgrade, e.g. fujian', province)
    .option('--table <name>', 'physical name of the accounts table (default: found by its tag in UnionData-<key>)')
    .action(async (options: { province: ProvinceConfig; table?: string }) => {
      const counts = await issueUsageKeys({ dynamodb: io.dynamodb ?? new DynamoDBClient({}), apigateway: io.apigateway ?? new APIGatewayClient({}) }, options, { progress: (line) => io.err(`${line}\n`) });
      io.out(`issued ${counts.issued}, skipped ${counts.skipped} (had one), failed ${counts.failed}\n`);
      if (counts.failed > 0) throw new UsageKeysError(`${counts.failed} accounts still have no usage key: see the lines above, then run again`);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof RestoreError || error instanceof UsageKeysError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
