import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../shared/http/limits.js';
import { jsonBody, nestedDeeperThan } from '../../../shared/http/middleware/json-body.js';

/** The obvious recursive definition, as the reference the iterative walk must agree with. */
const depthOf = (value: unknown): number =>
  value === null || typeof value !== 'object' ? 0 : 1 + Math.max(0, ...Object.values(value).map(depthOf));

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('nestedDeeperThan()', () => {
  it('agrees with the recursive depth for any JSON value and limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.nat({ max: 10 }), (value, limit) => {
        expect(nestedDeeperThan(value, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it('measures a value nested far deeper than the stack allows recursion without overflowing it', () => {
    const deep = JSON.parse(nested(200_000));
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(nestedDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('jsonBody()', () => {
  const parse = async (body: string) => {
    const request = { event: { body, isBase64Encoded: false, headers: { 'content-type': 'application/json' } } } as any;
    await jsonBody().before!(request);
    return request.event.jsonBody;
  };

  it('refuses a body nested deeper than the limit with 400 naming body, and takes one at the limit', async () => {
    await expect(parse(nested(10_000))).rejects.toMatchObject({ status: 400, errors: [{ path: 'body', message: expect.stringContaining(`${MAX_JSON_DEPTH}`) }] });
    await expect(parse(`{"a":${nested(MAX_JSON_DEPTH)}}`)).rejects.toMatchObject({ status: 400 });
    expect(await parse(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
  });
});
