import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { runBench } from '../../bench/bench.js';

vi.mock('node:child_process', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:child_process')>();
  return { ...original, spawn: vi.fn(original.spawn) };
});

/**
 * A full run of several cases runs each in a process of its own, on engines of its own, as
 * `--only` runs one: DynamoDB Local's GetRecords takes longer with every stream record it holds,
 * of any table, so a case run after others paid for the records they left (the roster ratio
 * fell from 0.41–0.50 alone to 0.18 in a full run).
 */
describe('a full bench run', () => {
  it('measures each case in a process of its own', async () => {
    const cases = ['event latency p95 (write → projection)', 'join page weight'];
    const report = await runBench({ quick: false, only: cases });
    expect(report.results.map((result) => result.name)).toEqual(cases);
    for (const result of report.results) {
      expect(result, result.name).not.toHaveProperty('error');
      expect(Number.isFinite((result as { ratio: number }).ratio), result.name).toBe(true);
    }
    const runs = vi.mocked(spawn).mock.calls.filter(([, args]) => args?.some((arg) => arg.endsWith('run-case.ts')));
    expect(runs.map(([, args]) => args![args!.length - 2])).toEqual(cases);
  }, 180_000);
});
