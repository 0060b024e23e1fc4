/**
 * What every benchmark case shares: the province it runs against, raw engine clients for
 * baselines measured in the same run, and small statistics helpers. Every figure the bench
 * prints is a ratio of "ours" to a baseline on the same engine, because absolute numbers on a
 * shared 2-core machine say little.
 */
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LOCAL_AWS_ENV } from '../local/engines.js';
import { createTableInput } from '../local/provision.js';
import type { LocalIssuer } from '../local/tokens.js';
import type { Capacity } from '../shared/capacity.js';
import type { TableSpec } from '../shared/topology.js';

export interface Call {
  (method: string, path: string, init?: { token?: string; apiKey?: string; body?: unknown }): Promise<{ status: number; body: any }>;
}

export interface BenchContext {
  url: string;
  call: Call;
  /** A JWT for a role, from the province's issuer. */
  token(claims: Parameters<LocalIssuer['mint']>[0]): Promise<string>;
  /** Raw clients on the same DynamoDB Local, for baselines. */
  dynamodb: DynamoDBDocumentClient;
  /**
   * A table of the case's own, deleted after the run: `pk`/`sk` strings, or the keys and indexes
   * of `like` (a service's declared table) without its stream.
   */
  scratchTable(like?: TableSpec): Promise<string>;
  /** Small sizes: every case in well under a minute in all. */
  quick: boolean;
  /** Runs a function of the province in this process, when the bench started the province itself. */
  invoke?: <T>(handler: string, event: unknown) => Promise<T>;
  /** The stream poller's idle interval: the floor of event latency locally. */
  pollIntervalMs: number;
  /**
   * Holds the consumers of these event types until the answered function is called (when the
   * bench started the province): one pipeline is timed apart from the projections that would
   * share the one engine with it, and those are timed after it.
   */
  hold?: (eventTypes: readonly string[]) => () => void;
  /** Peak resident memory of the engines' processes so far, in MB (when the bench started them, on Linux). */
  enginePeaksMB?: () => Record<string, number>;
  /**
   * CPU seconds used so far by this process (`runtime`: the functions, the local gateway and
   * the pollers, and the bench itself) and by each engine's process (when the bench started
   * them, on Linux). On a shared machine these say more than wall time: what a row costs.
   */
  cpuSeconds?: () => Record<string, number>;
  /** Resolves once the province is quiet: outboxes published, queues empty (when the bench started it). */
  drained?: () => Promise<void>;
  /**
   * DynamoDB capacity the province has consumed since it started, as DynamoDB reported it (when
   * the bench started it; the baselines' own clients are not counted).
   */
  consumed?: () => Capacity;
}

/**
 * Runs `work` (`operations` business operations) and answers the capacity units one operation
 * consumed: everything the province did from the start of the work until it was quiet again,
 * so a join also pays for the projections its events start. Empty against a running province.
 */
export async function capacityPerOperation<T>(context: BenchContext, operations: number, work: () => Promise<T>, per = 'Op'): Promise<{ result: T; perOperation: Record<string, number> }> {
  const { consumed, drained } = context;
  if (!consumed || !drained) return { result: await work(), perOperation: {} };
  await drained();
  const before = consumed();
  const result = await work();
  await drained();
  return { result, perOperation: unitsPer(operations, consumedBetween(before, consumed()), per) };
}

/** What was consumed between two readings of a meter. */
export function consumedBetween(before: Capacity, after: Capacity): Capacity {
  return { readUnits: after.readUnits - before.readUnits, writeUnits: after.writeUnits - before.writeUnits };
}

/** Capacity units per operation, as the notes print them: `readUnitsPerOp`, or per what `per` names (`readUnitsPerCreatedRow`). */
export function unitsPer(operations: number, capacity: Capacity, per = 'Op'): Record<string, number> {
  const share = (units: number) => Math.round((units / operations) * 100) / 100;
  return { [`readUnitsPer${per}`]: share(capacity.readUnits), [`writeUnitsPer${per}`]: share(capacity.writeUnits) };
}

export interface Goal {
  /** `lower`: ours/baseline must be at most `ratio`; `higher`: at least. */
  better: 'lower' | 'higher';
  ratio: number;
}

export interface Measurement {
  ours: number;
  baseline: number;
  unit: string;
  /** What the baseline is, in a few words. */
  baselineIs: string;
  /** Further figures worth printing (counts, sizes). */
  notes?: Record<string, number | string>;
}

export interface BenchCase {
  name: string;
  goal: Goal | null;
  measure(context: BenchContext): Promise<Measurement>;
}

export interface CaseResult extends Measurement {
  name: string;
  ratio: number;
  goal: Goal | null;
  pass: boolean | null;
}

export const judge = (name: string, goal: Goal | null, m: Measurement): CaseResult => {
  const ratio = m.ours / m.baseline;
  const pass = goal === null ? null : goal.better === 'lower' ? ratio <= goal.ratio : ratio >= goal.ratio;
  return { name, goal, ...m, ratio, pass };
};

/** The p-th percentile (nearest rank) of samples. */
export const percentile = (samples: number[], p: number): number => {
  if (samples.length === 0) throw new Error('No samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

/** Runs `count` tasks, `concurrency` at a time; results in task order. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** Raw DynamoDB clients and scratch tables on an endpoint, cleaned up by `close()`. */
export function engineClients(endpoint: string) {
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  // Unmetered: a case meters work it runs on it itself (a use case in-process) with `meteredClient`.
  const documents = DynamoDBDocumentClient.from(raw);
  const scratch: string[] = [];
  return {
    dynamodb: documents,
    async scratchTable(like?: TableSpec) {
      const name = `bench-scratch-${randomUUID().slice(0, 8)}`;
      await raw.send(new CreateTableCommand(createTableInput(name, like ? { ...like, outbox: false } : { partitionKey: 'pk', sortKey: 'sk' })));
      scratch.push(name);
      return name;
    },
    async close() {
      for (const name of scratch) await raw.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      raw.destroy();
    },
  };
}

/** The table the bench prints. */
export function formatTable(results: CaseResult[]): string {
  const rows = [
    ['case', 'ours', 'baseline', 'ratio', 'goal', 'result'],
    ...results.map((r) => [
      r.name,
      `${r.ours.toFixed(1)} ${r.unit}`,
      `${r.baseline.toFixed(1)} ${r.unit} (${r.baselineIs})`,
      r.ratio.toFixed(2),
      r.goal ? `${r.goal.better === 'lower' ? '≤' : '≥'} ${r.goal.ratio}` : '-',
      r.pass === null ? 'info' : r.pass ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
