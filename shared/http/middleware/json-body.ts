import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors.js';
import { MAX_BODY_BYTES } from '../limits.js';

type Request = middy.Request<APIGatewayProxyEvent & { jsonBody?: unknown }, APIGatewayProxyResult>;

/**
 * Reads a JSON request body into `event.jsonBody`, refusing bodies over 1 MiB (413), bodies
 * that are not `application/json` (415) and malformed JSON (400 naming `body`). Expects the
 * header normalizer to have lower-cased header names.
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
    try {
      request.event.jsonBody = JSON.parse(raw.toString('utf8'));
    } catch {
      throw InvalidInputError.field('body', 'is not valid JSON');
    }
  };
  return { before };
}
