import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RiderStatusChangedV2 } from '../../events/rider-status-changed.v2.js';
import type { Capacity } from '../../shared/capacity.js';
import { capacityPerOperation, consumedBetween, pool, unitsPer, type BenchCase, type BenchContext } from '../harness.js';
import { benchCreditCode, benchIdNumber, benchMobile } from './fixtures.js';

const ROWS_PER_CHUNK = 1000;

/** Raw BatchWriteItem of `rows` rider items into a fresh table by 8 writers, in rows per second. */
async function batchWriteRate(context: BenchContext, rows: number, itemOf: (i: number) => Record<string, unknown>): Promise<number> {
  const table = await context.scratchTable();
  const started = performance.now();
  await pool(Math.ceil(rows / 25), 8, async (b) => {
    let items: Record<string, unknown>[] | undefined = Array.from({ length: Math.min(25, rows - b * 25) }, (_, j) => ({ PutRequest: { Item: itemOf(b * 25 + j) } }));
    while (items && items.length > 0) {
      const { UnprocessedItems } = await context.dynamodb.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
      items = UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
    }
  });
  return rows / ((performance.now() - started) / 1000);
}

type Row = Record<string, unknown>;

/** Rider rows of one partner: ids under `prefix`, mobiles and ID numbers from their own ranges. */
const riderRows = (prefix: string, mobiles: number, idNumbers: number) => (i: number) => ({
  riderId: `${prefix}-${i}`,
  name: '测试骑手',
  mobile: benchMobile(mobiles + i),
  idNumber: benchIdNumber(idNumbers + i),
  regionCode: '350203',
  occupation: 'food_delivery',
  station: '莲前站',
  status: 'active',
});

/**
 * DynamoDB Local is a JVM that compiles each kind of request as it first meets it: during a
 * cold 20,000-row roster its JIT compiler took half of the engine's CPU. The baseline is taken
 * warm (its better run counts), so the pipeline is too: first a roster of another partner,
 * its projections included, has the engine compile every request the pipeline makes.
 */
const WARM_UP_ROWS = 5_000;

async function warmUp(context: BenchContext, admin: string): Promise<void> {
  const partner = await context.call('POST', '/v1/accounts', { token: admin, body: { kind: 'partner', name: '预热配送平台', creditCode: benchCreditCode() } });
  await sendSnapshot(context, partner.body.apiKey as string, WARM_UP_ROWS, riderRows('WARM-UP', 700_000, 300_000));
  await context.drained?.();
}

/** CPU seconds each process used per 1,000 rows between two readings, as `cpuSecondsPer1000Rows<Of><Process>` notes. */
function cpuPer1000Rows(of: string, rows: number, from?: Record<string, number>, to?: Record<string, number>): Record<string, number> {
  if (!from || !to) return {};
  return Object.fromEntries(Object.keys(to).map((process) => [`cpuSecondsPer1000Rows${of}${process[0]!.toUpperCase()}${process.slice(1)}`, Math.round(((to[process]! - (from[process] ?? 0)) / rows) * 1000 * 100) / 100]));
}

/** Sends `rows` rows as one snapshot, 4 chunks at a time, and waits until it is completed; answers when the upload ended. */
async function sendSnapshot(context: BenchContext, apiKey: string, rows: number, rowOf: (i: number) => Row): Promise<number> {
  const started = performance.now();
  const roster = await context.call('POST', '/v1/rosters', { apiKey, body: { mode: 'snapshot', asOf: new Date().toISOString() } });
  const chunks = Math.ceil(rows / ROWS_PER_CHUNK);
  await pool(chunks, 4, async (c) => {
    const chunkRows = Array.from({ length: Math.min(ROWS_PER_CHUNK, rows - c * ROWS_PER_CHUNK) }, (_, j) => rowOf(c * ROWS_PER_CHUNK + j));
    const answer = await context.call('PUT', `/v1/rosters/${roster.body.id}/chunks/${c + 1}`, { apiKey, body: { rows: chunkRows } });
    if (answer.status !== 202) throw new Error(`chunk ${c + 1} answered ${answer.status}`);
  });
  const uploaded = performance.now();
  await context.call('POST', `/v1/rosters/${roster.body.id}/complete`, { apiKey, body: { chunks } });
  for (;;) {
    const state = await context.call('GET', `/v1/rosters/${roster.body.id}`, { apiKey });
    if (state.body.status === 'completed') return uploaded;
    if (state.body.status === 'failed') throw new Error('the bench roster failed');
    if (performance.now() - started > 30 * 60_000) throw new Error('the bench roster took over 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Roster ingestion (API → chunks → queue → step workers → DynamoDB), in rows per second from
 * the first chunk to `completed`, against raw BatchWriteItem of as many rider-sized items by 8
 * writers into the same DynamoDB Local: how close the pipeline comes to what the engine can take.
 *
 * The projections of the riders' announcements (membership, then stats and rosters) are other
 * services' work that deployed runs on their own tables; here they would share the one engine
 * with the pipeline, so they are held while it runs and timed after it (`projectionSeconds`).
 * Against a running province (`--url`) nothing can be held and they run alongside. The
 * baseline runs before and after, warm both times, and the faster run counts.
 */
export const rosterIngestionCase: BenchCase = {
  name: 'roster ingestion rows/s',
  goal: { better: 'higher', ratio: 0.8 },
  async measure(context) {
    const rows = context.quick ? 100 : 20_000;
    const admin = await context.token({ role: 'province_admin', sub: 'bench' });
    const partner = await context.call('POST', '/v1/accounts', { token: admin, body: { kind: 'partner', name: '基准配送平台', creditCode: benchCreditCode() } });
    const apiKey = partner.body.apiKey as string;
    const rowOf = riderRows('BENCH', 500_000, 200_000);
    // What a stored rider holds: the row's fields but the name, mobile and ID number, which
    // become two blind indexes and two masks, and the fingerprint and roster that wrote it. The
    // baseline writes as many bytes per rider as the pipeline must keep.
    const blindIndexSized = (seed: string) => createHash('sha256').update(seed).digest('base64url');
    const itemOf = (i: number) => {
      const { name: _name, mobile: _mobile, idNumber, ...rider } = rowOf(i);
      return {
        pk: `RIDERS#${partner.body.id}#${String(i % 16).padStart(2, '0')}`,
        sk: `RIDER#${rider.riderId}`,
        partnerId: partner.body.id,
        ...rider,
        personIndex: blindIndexSized(idNumber),
        contactIndex: blindIndexSized(`${i}`),
        maskedName: '测*',
        maskedMobile: '138****0000',
        lastRosterId: `rst_${'0'.repeat(32)}`,
        lastChange: 'created',
        rowFingerprint: blindIndexSized(`row ${i}`),
      };
    };
    if (!context.quick) await warmUp(context, admin);
    const cpuAtBaseline = context.cpuSeconds?.();
    const before = await batchWriteRate(context, rows, itemOf);
    const cpuAfterBaseline = context.cpuSeconds?.();

    await context.drained?.();
    const atStart = context.consumed?.();
    const release = context.hold?.([RiderStatusChangedV2.type]);
    const cpuAtStart = context.cpuSeconds?.();
    const started = performance.now();
    let uploaded: number;
    let applied: number;
    let after: number;
    let appliedConsumed: Capacity | undefined;
    let cpuApplied: Record<string, number> | undefined;
    try {
      uploaded = await sendSnapshot(context, apiKey, rows, rowOf);
      applied = performance.now();
      cpuApplied = context.cpuSeconds?.();
      appliedConsumed = context.consumed?.();
      // The baseline again, on the same engine, with the same consumers held.
      after = await batchWriteRate(context, rows, itemOf);
    } finally {
      release?.();
    }
    const projected = performance.now();
    await context.drained?.();
    const projectionMs = performance.now() - projected;
    const atEnd = context.consumed?.();
    // The same riders again the next day: every row unchanged, which should cost reads only.
    const { perOperation: unchanged } = await capacityPerOperation(context, rows, () => sendSnapshot(context, apiKey, rows, rowOf), 'UnchangedRow');
    const seconds = (ms: number) => Math.round(ms) / 1000;
    return {
      ours: rows / ((applied - started) / 1000),
      baseline: Math.max(before, after),
      unit: 'rows/s',
      baselineIs: 'BatchWriteItem, 8 writers',
      notes: {
        rows,
        uploadSeconds: seconds(uploaded - started),
        applySeconds: seconds(applied - uploaded),
        projections: release ? 'held, then timed' : 'alongside',
        engineWarmUpRows: context.quick ? 0 : WARM_UP_ROWS,
        // What a row cost in CPU, the pipeline against the baseline's first run: on a shared
        // 2-core machine the runtime and the engine compete for the same cores.
        ...cpuPer1000Rows('Pipeline', rows, cpuAtStart, cpuApplied),
        ...cpuPer1000Rows('Baseline', rows, cpuAtBaseline, cpuAfterBaseline),
        ...(context.drained ? { projectionSeconds: seconds(projectionMs) } : {}),
        // A created rider: applying it, then what its announcement's projections consumed.
        ...(atStart && appliedConsumed && atEnd ? { ...unitsPer(rows, consumedBetween(atStart, appliedConsumed), 'CreatedRow'), ...unitsPer(rows, consumedBetween(appliedConsumed, atEnd), 'ProjectedRow') } : {}),
        ...unchanged,
      },
    };
  },
};
