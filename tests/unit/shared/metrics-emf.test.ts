import { afterEach, describe, expect, it, vi } from 'vitest';
import middy from '@middy/core';
import { businessMetrics as names, METRICS_NAMESPACE } from '../../../shared/metrics.js';

// The suite turns metrics off (vitest.config.ts); Powertools reads the switch when it is created.
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
const { businessMetrics, publishBusinessMetrics } = await import('../../../shared/metrics-emf.js');

/** The EMF documents written to stdout while `act` runs. */
async function emitted(act: () => Promise<unknown>): Promise<Record<string, any>[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  try {
    await act();
  } finally {
    write.mockRestore();
  }
  return lines.filter((line) => line.startsWith('{"_aws"')).map((line) => JSON.parse(line));
}

describe('publishBusinessMetrics()', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const handlerCounting = (count: () => void) =>
    middy()
      .use(publishBusinessMetrics())
      .handler(async () => {
        count();
        return 'done';
      });

  it('writes one EMF document with one count when an operation counts once', async () => {
    const documents = await emitted(() => handlerCounting(() => businessMetrics.count(names.wishClaimed))({}, {} as never));
    expect(documents).toHaveLength(1);
    expect(documents[0]!._aws.CloudWatchMetrics).toEqual([{ Namespace: METRICS_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: 'WishClaimed', Unit: 'Count' }] }]);
    expect(documents[0]!.WishClaimed).toBe(1);
  });

  it('writes nothing, and warns of nothing, for an invocation that counted nothing', async () => {
    const warn = vi.spyOn(console, 'warn');
    expect(await emitted(() => handlerCounting(() => undefined)({}, {} as never))).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('publishes what a failed invocation counted before it failed', async () => {
    const failing = middy()
      .use(publishBusinessMetrics())
      .handler(async () => {
        businessMetrics.count(names.memberJoined);
        throw new Error('later step failed');
      });
    const documents = await emitted(() => failing({}, {} as never).catch(() => undefined));
    expect(documents.map((document) => document.MemberJoined)).toEqual([1]);
  });

  it('writes a count with dimensions as a series of its own', async () => {
    const documents = await emitted(async () => businessMetrics.count(names.rosterRowsProcessed, 40, { outcome: 'created' }));
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ outcome: 'created', RosterRowsProcessed: 40 });
  });
});
