import { describe, expect, it } from 'vitest';
import { toLambdaRecord } from '../../../local/pollers.js';

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
