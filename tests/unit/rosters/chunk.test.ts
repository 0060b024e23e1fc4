import { STALLED_AFTER_MINUTES, UNFINISHED_AFTER_HOURS } from '../../../functions/rosters/domain/roster.js';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SEALED_ROWS_TTL_DAYS,
  MAX_MESSAGE_LENGTH,
  MAX_PATH_LENGTH,
  MAX_REJECTIONS_PER_CHUNK,
  MAX_REJECTIONS_PER_ROW,
  MAX_ROW_DEPTH,
  MAX_SEALED_PART_BYTES,
  depthOf,
  packPart,
  partsOf,
  planChunk,
  receiptOf,
  repeatedChunk,
  rowsFingerprint,
  rowsOfPart,
  rowsOfParts,
  sealedRowsExpireAt,
  shardTextsOf,
  usableParts,
  usableShardParts,
  type ShardPart,
  validateRows,
  type Chunk,
  type RosterRow,
} from '../../../functions/rosters/domain/chunk.js';
import { shardOf } from '../../../functions/rosters/domain/rider.js';
import { validIdNumber, validMobile } from '../../helpers/identity.js';

const row = (n: number, overrides: Record<string, unknown> = {}) => ({
  riderId: `r-${n}`,
  name: '张三',
  mobile: validMobile(n),
  idNumber: validIdNumber(n),
  regionCode: '350203',
  occupation: 'courier',
  status: 'active',
  ...overrides,
});

/** A row with every field at its longest: what made a 1,000-row chunk's item too large. */
const longestRow = (n: number) =>
  row(n, { riderId: `${n}`.padStart(64, '骑'), name: '欧'.repeat(30), station: `${n}`.padStart(64, '站') });

const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

const sha = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('validateRows()', () => {
  it('accepts good rows, normalized, and reports each bad field of bad ones by index', () => {
    const { accepted, rejected, omittedRejections } = validateRows([
      row(1, { name: ' 张三 ', idNumber: ` ${validIdNumber(1).toLowerCase()} ` }),
      row(2, { idNumber: '1', status: 'gone' }),
      'not a row',
      row(4, { extra: true, another: 1 }),
    ]);
    expect(accepted).toEqual([{ ...row(1), idNumber: validIdNumber(1).toUpperCase() }]);
    expect(rejected).toEqual([
      { index: 1, path: 'idNumber', message: 'must be an 18-character resident ID number with a valid birth date and GB 11643 check character' },
      { index: 1, path: 'status', message: expect.stringContaining('active') },
      { index: 2, path: 'row', message: expect.any(String) },
      { index: 3, path: 'extra', message: 'is not a known field' },
      { index: 3, path: 'another', message: 'is not a known field' },
    ]);
    expect(omittedRejections).toBe(0);
  });

  it('names a missing field by its path and an optional station as optional', () => {
    const { name: _name, ...nameless } = row(1);
    const { accepted, rejected } = validateRows([nameless, row(2, { station: '莲前站' })]);
    expect(rejected.map((r) => `${r.index}:${r.path}`)).toEqual(['0:name']);
    expect(accepted).toEqual([row(2, { station: '莲前站' })]);
  });

  it(`lists at most ${MAX_REJECTIONS_PER_ROW} problems of a row and counts the rest as omitted`, () => {
    const fields = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`unknown${i}`, i]));
    const { rejected, omittedRejections } = validateRows([row(1, fields), row(2, { extra: 1 })]);
    expect(rejected.filter((r) => r.index === 0).map((r) => r.path)).toEqual(['unknown0', 'unknown1', 'unknown2', 'unknown3', 'unknown4']);
    expect(rejected.filter((r) => r.index === 1)).toEqual([{ index: 1, path: 'extra', message: 'is not a known field' }]);
    expect(omittedRejections).toBe(45);
  });

  it(`lists exactly ${MAX_REJECTIONS_PER_ROW} problems of a row that has that many, omitting none`, () => {
    const fields = Object.fromEntries(Array.from({ length: MAX_REJECTIONS_PER_ROW }, (_, i) => [`x${i}`, i]));
    const { rejected, omittedRejections } = validateRows([row(1, fields)]);
    expect(rejected).toHaveLength(MAX_REJECTIONS_PER_ROW);
    expect(omittedRejections).toBe(0);
  });

  it(`lists at most ${MAX_REJECTIONS_PER_CHUNK} rejections in a chunk, counting every one it leaves out`, () => {
    const fields = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`unknown${i}`, i]));
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, fields));
    const { accepted, rejected, omittedRejections } = validateRows(rows);
    expect(accepted).toEqual([]);
    expect(rejected).toHaveLength(MAX_REJECTIONS_PER_CHUNK);
    expect(rejected.at(-1)).toEqual({ index: MAX_REJECTIONS_PER_CHUNK / MAX_REJECTIONS_PER_ROW - 1, path: 'unknown4', message: 'is not a known field' });
    expect(rejected.length + omittedRejections).toBe(50_000);
  });

  it('fills the last room of a chunk with the first problems of the next row', () => {
    const full = Array.from({ length: MAX_REJECTIONS_PER_CHUNK - 2 }, (_, i) => i);
    const rows = [...full.map((i) => row(i, { extra: 1 })), row(900, { a: 1, b: 2, c: 3 })];
    const { rejected, omittedRejections } = validateRows(rows);
    expect(rejected.slice(-2)).toEqual([
      { index: full.length, path: 'a', message: 'is not a known field' },
      { index: full.length, path: 'b', message: 'is not a known field' },
    ]);
    expect(omittedRejections).toBe(1);
  });

  it('cuts long paths and messages to their bound, marking the cut', () => {
    const longKey = '键'.repeat(5000);
    const { rejected } = validateRows([row(1, { [longKey]: 1 }), row(2, { [`${'k'.repeat(MAX_PATH_LENGTH)}`]: 1 }), row(3, { [`${'k'.repeat(MAX_PATH_LENGTH + 1)}`]: 1 })]);
    expect(rejected[0]!.path).toBe(`${'键'.repeat(MAX_PATH_LENGTH - 1)}…`);
    expect(rejected[1]!.path).toBe('k'.repeat(MAX_PATH_LENGTH));
    expect(rejected[2]!.path).toBe(`${'k'.repeat(MAX_PATH_LENGTH - 1)}…`);
    for (const r of rejected) expect(r.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });

  it('rejects a row nested deeper than the bound as one problem of the row, without overflowing', () => {
    const { accepted, rejected } = validateRows([nested(200_000), row(1, { extra: nested(MAX_ROW_DEPTH) }), row(2)]);
    expect(rejected).toEqual([
      { index: 0, path: 'row', message: `is nested more than ${MAX_ROW_DEPTH} levels deep` },
      { index: 1, path: 'row', message: `is nested more than ${MAX_ROW_DEPTH} levels deep` },
    ]);
    expect(accepted).toEqual([row(2)]);
  });

  it('reads a row nested exactly to the bound field by field', () => {
    const { rejected } = validateRows([row(1, { extra: nested(MAX_ROW_DEPTH - 1) })]);
    expect(rejected).toEqual([{ index: 0, path: 'extra', message: 'is not a known field' }]);
  });
});

describe('depthOf()', () => {
  it('counts object and array levels, scalars being level 0', () => {
    expect(depthOf('x', 8)).toBe(0);
    expect(depthOf(null, 8)).toBe(0);
    expect(depthOf({}, 8)).toBe(1);
    expect(depthOf([[1], { a: { b: [] } }], 8)).toBe(4);
    expect(depthOf(nested(3), 8)).toBe(3);
  });

  it('stops one level past the limit', () => {
    expect(depthOf(nested(1_000_000), 8)).toBe(9);
  });
});

describe('rowsFingerprint()', () => {
  it('hashes exactly what JSON.stringify writes, so fingerprints stored before stay valid', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (rows) => {
        expect(rowsFingerprint(rows)).toBe(sha(JSON.stringify(rows)));
      }),
    );
    expect(rowsFingerprint([row(1), { a: [1, 'b', null, true, { c: '引号"' }] }])).toBe(sha(JSON.stringify([row(1), { a: [1, 'b', null, true, { c: '引号"' }] }])));
  });

  it('tells rows apart by content and order', () => {
    expect(rowsFingerprint([row(1), row(2)])).not.toBe(rowsFingerprint([row(2), row(1)]));
    expect(rowsFingerprint([row(1)])).not.toBe(rowsFingerprint([row(1, { station: 'x' })]));
    expect(rowsFingerprint([{}])).toBe(sha('[{}]'));
    expect(rowsFingerprint([[]])).toBe(sha('[[]]'));
  });

  it('fingerprints a row nested too deep for JSON.stringify', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => JSON.stringify([deep])).toThrow(RangeError);
    expect(rowsFingerprint([deep])).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('partsOf()', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => validateRows([longestRow(i)]).accepted[0]!);

  it('splits rows into JSON arrays of at most the bound, in order, losing none', () => {
    const all = rows(1000);
    const parts = partsOf(all);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_SEALED_PART_BYTES);
    expect(parts.flatMap((part) => JSON.parse(part))).toEqual(all);
  });

  it('makes no part of no rows, and one part of rows that fit', () => {
    expect(partsOf([])).toEqual([]);
    expect(partsOf(rows(2))).toEqual([JSON.stringify(rows(2))]);
  });

  it('fills a part up to exactly the bound and starts the next with the row that would pass it', () => {
    const [a, b, c] = rows(3) as [RosterRow, RosterRow, RosterRow];
    const size = (...r: RosterRow[]) => Buffer.byteLength(JSON.stringify(r));
    expect(partsOf([a, b, c], size(a, b))).toEqual([JSON.stringify([a, b]), JSON.stringify([c])]);
    expect(partsOf([a, b, c], size(a, b) - 1)).toEqual([JSON.stringify([a]), JSON.stringify([b]), JSON.stringify([c])]);
    expect(partsOf([a, b, c], size(a, b, c))).toEqual([JSON.stringify([a, b, c])]);
  });

  it('keeps every part within any bound a single row fits, as a property', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 700, max: 5000 }), (n, bound) => {
        const all = rows(n);
        const parts = partsOf(all, bound);
        for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(bound);
        expect(parts.flatMap((part) => JSON.parse(part))).toEqual(all);
      }),
      { numRuns: 30 },
    );
  });
});

describe('planChunk()', () => {
  it('keeps the receipt, the fingerprint and the accepted rows in parts', () => {
    const rows = [row(1), row(2, { mobile: '123' })];
    const { chunk, parts } = planChunk(3, rows);
    expect(chunk).toEqual({
      seq: 3,
      accepted: 1,
      rejected: [{ index: 1, path: 'mobile', message: 'must be an 11-digit mainland mobile number starting with 13-19' }],
      received: 2,
      fingerprint: rowsFingerprint(rows),
      parts: 1,
    });
    expect(parts).toEqual([packPart(JSON.stringify([row(1)]))]);
    expect(rowsOfParts(chunk, parts)).toEqual([row(1)]);
  });

  it('says how many rejections it left out, and only when it left some out', () => {
    const fields = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`u${i}`, i]));
    expect(planChunk(1, [row(1, fields)]).chunk.omittedRejections).toBe(2);
    expect(planChunk(1, [row(1)]).chunk).not.toHaveProperty('omittedRejections');
  });

  it('seals 1,000 rows of the longest fields in parts no larger than the bound', () => {
    const { chunk, parts } = planChunk(1, Array.from({ length: 1000 }, (_, i) => longestRow(i)));
    expect(chunk).toMatchObject({ accepted: 1000, rejected: [], parts: parts.length });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(MAX_SEALED_PART_BYTES);
    // Packed, the rows take well under half the bytes of their JSON.
    const json = JSON.stringify(Array.from({ length: 1000 }, (_, i) => longestRow(i)));
    expect(parts.reduce((bytes, part) => bytes + part.length, 0)).toBeLessThan(json.length / 2);
  });
});

describe('receiptOf() and repeatedChunk()', () => {
  const stored: Chunk = { seq: 2, accepted: 1, rejected: [{ index: 0, path: 'x', message: 'm' }], received: 2, fingerprint: 'fp', parts: 1 };

  it('answers with the receipt only', () => {
    expect(receiptOf(stored)).toEqual({ seq: 2, accepted: 1, rejected: [{ index: 0, path: 'x', message: 'm' }] });
    expect(receiptOf({ ...stored, omittedRejections: 3 })).toEqual({ seq: 2, accepted: 1, rejected: stored.rejected, omittedRejections: 3 });
  });

  it('answers the same rows with the first receipt and other rows with a 409 naming the seq', () => {
    expect(repeatedChunk(stored, 'fp')).toEqual(receiptOf(stored));
    expect(() => repeatedChunk(stored, 'other')).toThrow(expect.objectContaining({ status: 409, message: 'Chunk 2 was already sent with other rows' }));
  });
});

describe('sealed rows', () => {
  const chunk: Chunk = { seq: 4, accepted: 2, rejected: [], received: 2, fingerprint: 'fp', parts: 2 };
  const now = new Date('2026-11-25T00:00:00Z');
  const at = Date.parse('2026-11-25T00:00:00Z') / 1000;

  it('expire two days after upload, in epoch seconds: after a roster may stay receiving and be applied', () => {
    expect(sealedRowsExpireAt(now)).toBe(at + 2 * 24 * 3600);
    expect(sealedRowsExpireAt(new Date(now.getTime() + 999))).toBe(at + 2 * 24 * 3600);
    expect(SEALED_ROWS_TTL_DAYS * 24).toBeGreaterThan(UNFINISHED_AFTER_HOURS + STALLED_AFTER_MINUTES / 60);
  });

  it('are usable when every part is there and unexpired, in part order', () => {
    const parts = [{ part: 2, sealed: 'b', expiresAt: at + 1 }, { part: 1, sealed: 'a', expiresAt: at + 1 }];
    expect(usableParts(chunk, parts, now)).toEqual({ parts: [parts[1], parts[0]] });
    expect(usableParts({ ...chunk, accepted: 0, parts: 0 }, [], now)).toEqual({ parts: [] });
  });

  it('are not usable when a part is missing, extra or expired (TTL deletes late)', () => {
    const problem = 'The rows of chunk 4 expired before the roster was applied; upload the roster again';
    expect(usableParts(chunk, [{ part: 1, sealed: 'a', expiresAt: at + 1 }], now)).toEqual({ problem });
    expect(usableParts(chunk, [{ part: 1, sealed: 'a', expiresAt: at + 1 }, { part: 2, sealed: 'b', expiresAt: at }], now)).toEqual({ problem });
    expect(usableParts(chunk, [{ part: 1, sealed: 'a', expiresAt: at + 1 }, { part: 3, sealed: 'c', expiresAt: at + 1 }], now)).toEqual({ problem });
    expect(usableParts({ ...chunk, parts: 1 }, [{ part: 1, sealed: 'a', expiresAt: at + 1 }, { part: 2, sealed: 'b', expiresAt: at + 1 }], now)).toEqual({ problem });
  });

  it('read back into the rows the chunk accepted, and no other number of them', () => {
    const [a, b] = [row(1), row(2)];
    expect(rowsOfParts(chunk, [packPart(JSON.stringify([a])), packPart(JSON.stringify([b]))])).toEqual([a, b]);
    // Parts sealed before packing were the JSON itself.
    expect(rowsOfParts(chunk, [JSON.stringify([a]), packPart(JSON.stringify([b]))])).toEqual([a, b]);
    expect(() => rowsOfParts(chunk, [JSON.stringify([a])])).toThrow('Chunk 4 holds 1 sealed rows, not the 2 it accepted');
    expect(() => rowsOfParts(chunk, [JSON.stringify([{ ...a, extra: 1 }, b])])).toThrow();
  });
});

describe('a snapshot chunk\'s rows sorted into shards', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => validateRows([longestRow(i)]).accepted[0]!);
  it('puts every row in the parts of its own shard, once, in order, each part within the bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 700, max: 4000 }), (n, bound) => {
        const all = rows(n).map((r, i) => ({ ...r, riderId: `${r.riderId.slice(0, 40)}${'x'.repeat(i % 5)}` }));
        const shards = shardTextsOf(all, bound);
        expect(shards.map((s) => s.shard)).toEqual([...new Set(all.map((r) => shardOf(r.riderId)))].sort((a, b) => a - b));
        for (const { shard, texts } of shards) {
          const inShard = texts.flatMap(rowsOfPart);
          expect(inShard).toEqual(all.filter((r) => shardOf(r.riderId) === shard));
          for (const text of texts) expect(Buffer.byteLength(JSON.stringify(rowsOfPart(text)))).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 30 },
    );
  });

  const now = new Date('2026-11-25T00:00:00Z');
  const at = Date.parse('2026-11-25T00:00:00Z') / 1000;
  const part = (seq: number, n: number, of: number, expiresAt = at + 1): ShardPart => ({ seq, shard: 3, part: n, of, sealed: `${seq}.${n}`, expiresAt });

  it('are usable when every part of every chunk is there and unexpired, in chunk and part order', () => {
    expect(usableShardParts([part(2, 1, 1), part(1, 2, 2), part(1, 1, 2)], now)).toEqual({ parts: [part(1, 1, 2), part(1, 2, 2), part(2, 1, 1)] });
    expect(usableShardParts([], now)).toEqual({ parts: [] });
  });

  it('are not usable when a chunk\'s part is missing or expired, naming the chunk', () => {
    const problem = 'The rows of chunk 1 expired before the roster was applied; upload the roster again';
    expect(usableShardParts([part(1, 1, 2), part(2, 1, 1)], now)).toEqual({ problem });
    expect(usableShardParts([part(1, 2, 2), part(2, 1, 1)], now)).toEqual({ problem });
    expect(usableShardParts([part(1, 1, 2), part(1, 2, 2, at)], now)).toEqual({ problem });
  });
});
