import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { pool, type BenchCase } from '../harness.js';
import { benchCreditCode, benchIdNumber, benchMobile } from './fixtures.js';

const ROWS_PER_CHUNK = 1000;

/**
 * Roster ingestion end to end (API → chunks → queue → processor → DynamoDB), in rows per
 * second, against raw BatchWriteItem of as many rider-sized items by 8 writers into the same
 * DynamoDB Local: how close the pipeline comes to what the engine can take.
 */
export const rosterIngestionCase: BenchCase = {
  name: 'roster ingestion rows/s',
  goal: { better: 'higher', ratio: 0.8 },
  async measure(context) {
    const rows = context.quick ? 100 : 5000;
    const admin = await context.token({ role: 'province_admin', sub: 'bench' });
    const partner = await context.call('POST', '/v1/accounts', { token: admin, body: { kind: 'partner', name: '基准配送平台', creditCode: benchCreditCode() } });
    const apiKey = partner.body.apiKey as string;
    const rowOf = (i: number) => ({
      riderId: `BENCH-${i}`,
      name: '测试骑手',
      mobile: benchMobile(500_000 + i),
      idNumber: benchIdNumber(200_000 + i),
      regionCode: '350203',
      occupation: 'food_delivery',
      station: '莲前站',
      status: 'active',
    });
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
      if (state.body.status === 'completed') break;
      if (state.body.status === 'failed') throw new Error('the bench roster failed');
      if (performance.now() - started > 30 * 60_000) throw new Error('the bench roster took over 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const applied = performance.now();
    const ours = rows / ((applied - started) / 1000);

    const table = await context.scratchTable();
    const baselineStarted = performance.now();
    const batches = Math.ceil(rows / 25);
    await pool(batches, 8, async (b) => {
      let items: Record<string, unknown>[] | undefined = Array.from({ length: Math.min(25, rows - b * 25) }, (_, j) => {
        const { name: _name, mobile: _mobile, idNumber, ...rider } = rowOf(b * 25 + j);
        return { PutRequest: { Item: { pk: `RIDER#bench#${rider.riderId}`, sk: 'RIDER', ...rider, personIndex: idNumber } } };
      });
      while (items && items.length > 0) {
        const { UnprocessedItems } = await context.dynamodb.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
        items = UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    });
    const baseline = rows / ((performance.now() - baselineStarted) / 1000);
    const seconds = (ms: number) => Math.round(ms) / 1000;
    return { ours, baseline, unit: 'rows/s', baselineIs: 'BatchWriteItem, 8 writers', notes: { rows, uploadSeconds: seconds(uploaded - started), applySeconds: seconds(applied - uploaded) } };
  },
};
