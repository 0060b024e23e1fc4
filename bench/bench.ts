import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { subscribersOf } from '../functions/services.js';
import { startDynamoDbLocal, startSqsEmulator, type Engine } from '../local/engines.js';
import { invoke } from '../local/functions.js';
import { removeProvisioned } from '../local/provision.js';
import { startProvince, type RunningProvince } from '../local/runtime.js';
import { UNREACHED_USAGE_TIERS } from '../local/usage-limiter.js';
import { localIssuer } from '../local/tokens.js';
import { meterProcess, type Capacity } from '../shared/capacity.js';
import { newLocalKeyring } from '../shared/crypto/pii-vault.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '../shared/topology.js';
import { bundleSizeCase, coldImportCase } from './cases/bundles.js';
import { joinPageWeightCase } from './cases/web.js';
import { approveCase, joinCase } from './cases/membership.js';
import { authorizerCase, eventLatencyCase } from './cases/platform.js';
import { jobSearchCase, matcherCase } from './cases/jobs-search.js';
import { rosterMemoryCase } from './cases/roster-memory.js';
import { rosterIngestionCase } from './cases/rosters.js';
import { nearestStationCase } from './cases/stations.js';
import { claimCase } from './cases/wishes.js';
import { monthlyCost, type CostModel, type MeasuredOperations, type UnitsPerOperation } from './cost-model.js';
import { engineClients, judge, type BenchCase, type BenchContext, type Call, type CaseResult } from './harness.js';

/** Every case, in the order the table prints them. A service adds its case here as it lands. */
export const benchCases: BenchCase[] = [joinCase, approveCase, claimCase, rosterIngestionCase, rosterMemoryCase, jobSearchCase, matcherCase, nearestStationCase, authorizerCase, eventLatencyCase, bundleSizeCase, coldImportCase, joinPageWeightCase];

/** The local stream poller's idle pause (local/pollers.ts). */
const STREAM_POLL_MS = 200;

export interface BenchOptions {
  quick: boolean;
  /** A running province (e.g. `npm start`'s) instead of one started for the run. */
  url?: string;
  /** DynamoDB Local's endpoint for baselines when `url` is given. */
  dynamodbEndpoint?: string;
  /** Engines already running (the test suite's), instead of starting new ones. */
  engines?: { dynamodb: string; sqs: string };
  only?: string[];
  log?: (line: string) => void;
}

export interface BenchReport {
  machine: { os: string; cpu: string; cores: number; memoryGiB: number; node: string };
  quick: boolean;
  startedAt: string;
  results: (CaseResult | { name: string; error: string })[];
  /** A province's monthly DynamoDB request cost, from the capacity the cases measured. */
  costModel: CostModel;
}

/** The capacity per operation the cases noted, as the cost model reads it. */
function measuredOperations(results: BenchReport['results']): MeasuredOperations {
  const notesOf = (benchCase: BenchCase) => {
    const result = results.find((r) => r.name === benchCase.name);
    return result && 'notes' in result ? (result.notes ?? {}) : {};
  };
  const units = (notes: Record<string, number | string>, read: string, write: string): UnitsPerOperation | undefined =>
    typeof notes[read] === 'number' && typeof notes[write] === 'number' ? { readUnits: notes[read], writeUnits: notes[write] } : undefined;
  const perOperation = (benchCase: BenchCase) => units(notesOf(benchCase), 'readUnitsPerOp', 'writeUnitsPerOp');
  const roster = notesOf(rosterIngestionCase);
  const created = units(roster, 'readUnitsPerCreatedRow', 'writeUnitsPerCreatedRow');
  const projected = units(roster, 'readUnitsPerProjectedRow', 'writeUnitsPerProjectedRow');
  const measured: MeasuredOperations = {
    join: perOperation(joinCase),
    approve: perOperation(approveCase),
    claim: perOperation(claimCase),
    search: perOperation(jobSearchCase),
    stationSearch: perOperation(nearestStationCase),
    rosterRowChanged: created && projected ? { readUnits: created.readUnits + projected.readUnits, writeUnits: created.writeUnits + projected.writeUnits } : undefined,
    rosterRowUnchanged: units(roster, 'readUnitsPerUnchangedRow', 'writeUnitsPerUnchangedRow'),
  };
  return Object.fromEntries(Object.entries(measured).filter(([, value]) => value)) as MeasuredOperations;
}

const caller = (url: string): Call => async (method, path, init = {}) => {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.apiKey) headers['x-api-key'] = init.apiKey;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};

/** A process's peak resident memory (VmHWM), in MB; 0 where /proc cannot say. */
function peakMB(pid: number): number {
  try {
    const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB ? Math.round(Number(kB) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

/** CPU time a process has used so far (user and system), in seconds; 0 where /proc cannot say. */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, which /proc/<pid>/stat counts in on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

const engineName = (i: number) => ['dynamodb', 'sqs'][i] ?? `engine${i}`;

/**
 * Runs the cases and returns what each measured; a case that throws is reported, not fatal.
 *
 * A full run of several cases on engines of its own runs each in a process of its own, as
 * `--only` runs one: DynamoDB Local answers every GetRecords in time that grows with all the
 * stream records it holds, of every table (a 1-record stream: 32 ms of its one SQLite thread
 * with 20,000 records elsewhere, 117 ms with 100,000), and the pollers read each stream every
 * few seconds, so a case run after others paid for the records they left. A process, not just
 * engines: the functions keep their clients and tables per process, as a Lambda container does.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const selected = benchCases.filter((c) => !options.only || options.only.includes(c.name));
  // Quick runs write too little for it to matter; a running province or given engines are the caller's.
  const apart = !options.url && !options.engines && !options.quick && selected.length > 1;
  const results: BenchReport['results'] = [];
  if (apart) {
    for (const benchCase of selected) results.push(await measureApart(benchCase.name));
  } else {
    await onProvince(options, async (context) => {
      for (const benchCase of selected) {
        log(`running ${benchCase.name}…`);
        try {
          results.push(judge(benchCase.name, benchCase.goal, await benchCase.measure(context)));
        } catch (error) {
          results.push({ name: benchCase.name, error: (error as Error).message });
        }
      }
    });
  }
  const cpu = cpus();
  return {
    machine: { os: type(), cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    quick: options.quick,
    startedAt,
    results,
    costModel: monthlyCost(measuredOperations(results)),
  };
}

/** The heap limit the bench runs under (package.json's `bench` script), for the processes it starts. */
const heapLimit = () => process.execArgv.filter((arg) => arg.startsWith('--max-old-space-size'));

/** Runs one case by `bench/run-case.ts` in a process of its own, with its own engines and province; its output passes through. */
async function measureApart(name: string): Promise<BenchReport['results'][number]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-case-'));
  const resultFile = join(dir, 'result.json');
  try {
    const child = spawn(process.execPath, [...heapLimit(), '--import', 'tsx', join(import.meta.dirname, 'run-case.ts'), name, resultFile], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0 || !existsSync(resultFile)) return { name, error: `its process ended with code ${code} and no result` };
    return JSON.parse(readFileSync(resultFile, 'utf8')) as BenchReport['results'][number];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `work` against the province the options name, or one started for it (and stopped after, with any engines started for it). */
async function onProvince(options: BenchOptions, work: (context: BenchContext) => Promise<void>): Promise<void> {
  const started: Engine[] = [];
  let leftBehind: { engines: { dynamodb: string; sqs: string }; prefix: string } | undefined;
  let province: RunningProvince | undefined;
  const consumed: Capacity = { readUnits: 0, writeUnits: 0 };
  let stopMetering: (() => void) | undefined;
  try {
    let url = options.url;
    let dynamodbEndpoint = options.dynamodbEndpoint;
    let token: BenchContext['token'];
    if (url) {
      if (!dynamodbEndpoint) throw new Error('--url needs the DynamoDB Local endpoint for baselines (--dynamodb, or .local/demo.json)');
      const call = caller(url);
      token = async (claims) => (await call('POST', '/local/tokens', { body: claims })).body.token;
    } else {
      const engines = options.engines ?? (await (async () => {
        const dynamodb = await startDynamoDbLocal();
        started.push(dynamodb);
        const sqs = await startSqsEmulator();
        started.push(sqs);
        return { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint };
      })());
      const issuer = await localIssuer('http://127.0.0.1/bench');
      const prefix = `bench${Date.now().toString(36)}-`;
      // Everything the province's functions send to DynamoDB, from now on, counts here.
      stopMetering = meterProcess(consumed);
      province = await startProvince({
        dynamodbEndpoint: engines.dynamodb,
        sqsEndpoint: engines.sqs,
        prefix,
        provinceCode: '35',
        port: 0,
        issuer,
        keyring: newLocalKeyring(),
        // The bench measures the code, not one partner's usage tier.
        usageTiers: UNREACHED_USAGE_TIERS,
      });
      url = province.url;
      dynamodbEndpoint = engines.dynamodb;
      // Engines given by the caller (the test suite's) outlive the bench: its province's data must not.
      if (options.engines) leftBehind = { engines, prefix };
      token = (claims) => issuer.mint(claims);
    }
    const clients = engineClients(dynamodbEndpoint);
    const context: BenchContext = {
      url,
      call: caller(url),
      token,
      dynamodb: clients.dynamodb,
      scratchTable: clients.scratchTable,
      quick: options.quick,
      pollIntervalMs: STREAM_POLL_MS,
      ...(started.length > 0
        ? {
            enginePeaksMB: () => Object.fromEntries(started.flatMap((engine, i) => (engine.pid ? [[engineName(i), peakMB(engine.pid)] as const] : []))),
            cpuSeconds: () => {
              const usage = process.cpuUsage();
              return { runtime: (usage.user + usage.system) / 1e6, ...Object.fromEntries(started.flatMap((engine, i) => (engine.pid ? [[engineName(i), cpuSeconds(engine.pid)] as const] : []))) };
            },
          }
        : {}),
      ...(province ? { consumed: () => ({ ...consumed }), invoke: <T>(handler: string, event: unknown) => invoke<T>(handler, event, HTTP_FUNCTION_TIMEOUT_SECONDS), hold: (eventTypes: readonly string[]) => province!.holdConsumers([...new Set(eventTypes.flatMap(subscribersOf))]), drained: () => province!.settled(30 * 60_000) } : {}),
    };
    try {
      await work(context);
    } finally {
      await clients.close();
    }
  } finally {
    await province?.stop();
    stopMetering?.();
    if (leftBehind) await removeProvisioned(leftBehind.engines, leftBehind.prefix);
    for (const engine of started.reverse()) await engine.stop();
  }
}
