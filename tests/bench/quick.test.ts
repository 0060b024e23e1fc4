import { describe, expect, it } from 'vitest';
import { benchCases, runBench } from '../../bench/bench.js';

/**
 * `npm run bench -- --quick` as a smoke test: every case runs and produces numbers, on engines
 * of its own as `npm run bench` does (on the suite's, after the files before it, the same run
 * took four times as long). It asserts that they exist and are finite, never what they are: timings
 * belong to the bench, not to tests.
 */
describe('npm run bench -- --quick', () => {
  it('runs every case and measures a ratio for each', async () => {
    const report = await runBench({ quick: true });
    expect(report.results.map((result) => result.name)).toEqual(benchCases.map((c) => c.name));
    for (const result of report.results) {
      expect(result, result.name).not.toHaveProperty('error');
      if ('ratio' in result) {
        expect(Number.isFinite(result.ours) && result.ours > 0, `${result.name} ours`).toBe(true);
        expect(Number.isFinite(result.baseline) && result.baseline > 0, `${result.name} baseline`).toBe(true);
        expect(Number.isFinite(result.ratio), `${result.name} ratio`).toBe(true);
      }
    }
    // Every operation the cost model prices was measured, in capacity units DynamoDB reported.
    expect(report.costModel.unmeasured).toEqual([]);
    for (const line of report.costModel.lines) expect(line.readUnits + line.writeUnits, line.operation).toBeGreaterThan(0);
    expect(report.machine.cores).toBeGreaterThan(0);
  }, 240_000);
});
