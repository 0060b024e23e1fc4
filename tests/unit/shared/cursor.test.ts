import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/dynamo.js';

describe('cursors', () => {
  const key = { pk: 'ORG#a', sk: 'ORG', parentId: 'p1', childSortKey: '思明#a' };

  it('round-trip a LastEvaluatedKey of the same partition', () => {
    expect(decodeCursor(encodeCursor(key)!, { parentId: 'p1' })).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, { parentId: 'p1' })).toBeUndefined();
  });

  it('refuse a cursor of another partition, garbage and non-key JSON as query.cursor', () => {
    const foreign = encodeCursor(key)!;
    const notAKey = Buffer.from(JSON.stringify({ parentId: 'p1', nested: { a: 1 } })).toString('base64url');
    for (const cursor of [foreign, '%%%', Buffer.from('[1]').toString('base64url'), notAKey]) {
      const partition = cursor === foreign ? { parentId: 'p2' } : { parentId: 'p1' };
      expect(() => decodeCursor(cursor, partition)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'query.cursor' })] }));
    }
  });
});
