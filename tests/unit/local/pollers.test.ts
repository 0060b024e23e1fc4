import { describe, expect, it } from 'vitest';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { pollStream, toLambdaRecord, wakeableIdle } from '../../../local/pollers.js';
import { relayTakes } from '../../../shared/outbox.js';

describe('toLambdaRecord()', () => {
  it('gives binary attributes as base64 text, as Lambda\'s JSON event does, where GetRecords gave bytes', () => {
    const bytes = new Uint8Array([31, 139, 8, 0, 255]);
    const record = toLambdaRecord(
      { eventID: 'e1', eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'OUTBOX#1' } }, NewImage: { pk: { S: 'OUTBOX#1' }, eventGzip: { B: bytes }, nested: { M: { b: { B: Buffer.from(bytes) } } } }, SequenceNumber: '1' } },
      'arn:aws:dynamodb:local:000000000000:table/t/stream/s',
    );
    expect(record.dynamodb!.NewImage).toEqual({ pk: { S: 'OUTBOX#1' }, eventGzip: { B: Buffer.from(bytes).toString('base64') }, nested: { M: { b: { B: Buffer.from(bytes).toString('base64') } } } });
    expect(record.dynamodb!.Keys).toEqual({ pk: { S: 'OUTBOX#1' } });
    expect(record.dynamodb!.OldImage).toBeUndefined();
  });
});

describe('wakeableIdle()', () => {
  it('with a gap, starts ticks no closer than the gap, busy or interrupted as they may be', async () => {
    const idle = wakeableIdle(1000, 1000, { gapMs: 100 });
    let ticks = 0;
    const until = performance.now() + 450;
    while (performance.now() < until) {
      ticks += 1;
      idle.interrupt();
      await idle.after(ticks % 2 === 0);
    }
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(ticks).toBeLessThanOrEqual(5);
  });

  it('without one, answers a busy or interrupted tick at once and an idle one after its wait', async () => {
    const idle = wakeableIdle(1000, 1000);
    let ticks = 0;
    const until = performance.now() + 100;
    while (performance.now() < until) {
      ticks += 1;
      await idle.after(true);
    }
    expect(ticks).toBeGreaterThan(50);
    const waiting = idle.after(false);
    let waited = false;
    void waiting.then(() => (waited = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waited).toBe(false);
    idle.interrupt();
    await waiting;
  });
});

describe('pollStream()', () => {
  /** A stream whose shard `old` closes after its one record; `next` opens with the second. */
  function rollingStream() {
    const calls: string[] = [];
    let rolled = false;
    const record = (seq: string) => ({ eventID: seq, eventName: 'INSERT', dynamodb: { Keys: { pk: { S: `OUTBOX#${seq}` } }, NewImage: { pk: { S: `OUTBOX#${seq}` } }, SequenceNumber: seq } });
    const streams = {
      async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
        const name = command.constructor.name.replace('Command', '');
        calls.push(name);
        if (name === 'DescribeStream') return { StreamDescription: { Shards: rolled ? [{ ShardId: 'old' }, { ShardId: 'next' }] : [{ ShardId: 'old' }] } };
        if (name === 'GetShardIterator') return { ShardIterator: `${command.input.ShardId}@0` };
        const [shard, at] = String(command.input.ShardIterator).split('@');
        if (shard === 'old' && at === '0') return { Records: [record('1')], NextShardIterator: 'old@1' };
        if (shard === 'old') {
          rolled = true;
          return { Records: [], NextShardIterator: undefined };
        }
        return at === '0' ? { Records: [record('2')], NextShardIterator: 'next@1' } : { Records: [], NextShardIterator: 'next@1' };
      },
    } as unknown as DynamoDBStreamsClient;
    return { streams, calls };
  }

  it('finds the next shard as soon as one closes, and does not describe the stream on every poll', async () => {
    const { streams, calls } = rollingStream();
    const delivered: string[] = [];
    const poller = pollStream({
      streams,
      streamArn: 'arn:aws:dynamodb:local:000000000000:table/t/stream/s',
      batchSize: 100,
      maxRetries: 1,
      checkpoints: new Map(),
      invoke: async ({ Records }) => void delivered.push(...Records.map((r) => r.dynamodb!.SequenceNumber!)),
      log: () => undefined,
      idle: wakeableIdle(5, 5),
    });
    const until = performance.now() + 2000;
    while (delivered.length < 2 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await poller.stop();
    expect(delivered).toEqual(['1', '2']);
    // Once at the start and once when `old` closed, though it polled every 5 ms.
    expect(calls.filter((call) => call === 'DescribeStream')).toHaveLength(2);
    expect(calls.filter((call) => call === 'GetRecords').length).toBeGreaterThan(10);
  });

  it('delivers only the records its filter takes, as the relay\'s event source filters them, and passes the rest', async () => {
    const record = (seq: string, eventName: string, pk: string) => ({ eventID: seq, eventName, dynamodb: { Keys: { pk: { S: pk } }, NewImage: { pk: { S: pk } }, SequenceNumber: seq } });
    const pages: Record<string, { Records: unknown[]; NextShardIterator: string }> = {
      's@0': { Records: [record('1', 'INSERT', 'ROSTER#r'), record('2', 'MODIFY', 'OUTBOX#a'), record('3', 'INSERT', 'OUTBOX#b')], NextShardIterator: 's@1' },
      's@1': { Records: [record('4', 'INSERT', 'SEEN#00#000001#001'), record('5', 'REMOVE', 'OUTBOX#c')], NextShardIterator: 's@2' },
      's@2': { Records: [], NextShardIterator: 's@2' },
    };
    const streams = {
      async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
        const name = command.constructor.name.replace('Command', '');
        if (name === 'DescribeStream') return { StreamDescription: { Shards: [{ ShardId: 's' }] } };
        if (name === 'GetShardIterator') return { ShardIterator: 's@0' };
        return pages[String(command.input.ShardIterator)];
      },
    } as unknown as DynamoDBStreamsClient;
    const invocations: string[][] = [];
    const checkpoints = new Map<string, string>();
    const poller = pollStream({
      streams,
      streamArn: 'arn:aws:dynamodb:local:000000000000:table/t/stream/s',
      batchSize: 100,
      maxRetries: 1,
      checkpoints,
      invoke: async ({ Records }) => void invocations.push(Records.map((r) => r.dynamodb!.SequenceNumber!)),
      takes: relayTakes,
      log: () => undefined,
      idle: wakeableIdle(5, 5),
    });
    const until = performance.now() + 2000;
    while (checkpoints.get('s') !== '5' && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    await poller.stop();
    expect(invocations).toEqual([['3']]);
    expect(checkpoints.get('s')).toBe('5');
  });
});
