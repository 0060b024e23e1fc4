import { describe, expect, it } from 'vitest';
import { toLambdaRecord, wakeableIdle } from '../../../local/pollers.js';

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
