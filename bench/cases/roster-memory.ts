import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSampleFile } from '../../cli/roster-file.js';
import { uploadRoster } from '../../cli/upload-roster.js';
import type { BenchCase } from '../harness.js';
import { benchCreditCode } from './fixtures.js';

/** What a Lambda of the roster steps may use, and what the local runtime is held to. */
const BUDGET_MB = 256;

const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * A 100,000-row snapshot (500 in `--quick`) sent with the partners' uploader and applied,
 * with this process's peak RSS sampled every 100 ms against the 256 MB budget: the runtime and
 * its functions and the uploader live here, so it is an upper bound on the runtime's own. The
 * engines (DynamoDB Local's JVM, the SQS emulator) are child processes, reported apart.
 */
export const rosterMemoryCase: BenchCase = {
  name: 'roster snapshot peak RSS',
  goal: { better: 'lower', ratio: 1 },
  async measure(context) {
    if (!context.invoke) throw new Error('measures the runtime in this process: run it without --url');
    const rows = context.quick ? 500 : 100_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-roster-'));
    try {
      const file = join(dir, 'snapshot.csv');
      await writeSampleFile(file, { rows });
      const admin = await context.token({ role: 'province_admin', sub: 'bench' });
      const partner = await context.call('POST', '/v1/accounts', { token: admin, body: { kind: 'partner', name: '基准大平台', creditCode: benchCreditCode() } });
      const startRss = process.memoryUsage().rss;
      let peak = startRss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const started = performance.now();
      try {
        const result = await uploadRoster({ file, mode: 'snapshot', url: context.url, apiKey: partner.body.apiKey as string });
        if (result.status !== 'completed' || result.rows.created !== rows) throw new Error(`the snapshot ended ${result.status} with ${result.rows.created} created`);
      } finally {
        clearInterval(sampler);
      }
      return {
        ours: megabytes(peak),
        baseline: BUDGET_MB,
        unit: 'MB',
        baselineIs: 'the 256 MB budget',
        notes: { rows, startMB: megabytes(startRss), seconds: Math.round(performance.now() - started) / 1000, ...Object.fromEntries(Object.entries(context.enginePeaksMB?.() ?? {}).map(([engine, mb]) => [`${engine}PeakMB`, mb])) },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
