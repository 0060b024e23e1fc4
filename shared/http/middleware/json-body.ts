import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors.js';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../limits.js';

type Request = middy.Request<APIGatewayProxyEvent & { jsonBody?: unknown }, APIGatewayProxyResult>;

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `limit` (a scalar is depth 0,
 * `[]` and `{}` depth 1, `[[1]]` depth 2). Walks with an explicit stack rather than recursion, so
 * a value nested a million deep is measured, not a stack overflow; it stops at the first node
 * past the limit.
 *
 * @example
 * nestedDeeperThan([[1]], 1); // true
 * nestedDeeperThan({ a: [1] }, 2); // false
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Reads a JSON request body into `event.jsonBody`, refusing bodies over 1 MiB (413), bodies
 * that are not `application/json` (415), malformed JSON and JSON nested deeper than
 * `MAX_JSON_DEPTH` (400 naming `body`). Expects the header normalizer to have lower-cased header
 * names.
 */
export function jsonBody(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const before = async (request: Request) => {
    const { body, isBase64Encoded, headers } = request.event;
    if (body === null || body === undefined || body === '') return;
    const raw = Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
    if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(`Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    const contentType = headers['content-type'] ?? '';
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
      throw new UnsupportedMediaTypeError('Send the body as JSON with Content-Type: application/json');
    }
    let parsed: unknown;
    try {
      // V8 parses iteratively, so any nesting parses; what comes after may recurse, hence the check.
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw InvalidInputError.field('body', 'is not valid JSON');
    }
    if (nestedDeeperThan(parsed, MAX_JSON_DEPTH)) throw InvalidInputError.field('body', `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
    request.event.jsonBody = parsed;
  };
  return { before };
}
