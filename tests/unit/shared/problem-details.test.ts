import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, IdempotencyKeyInProgressError, IdempotencyKeyReusedError, InvalidInputError } from '../../../shared/errors.js';
import { problemDetails, toProblem } from '../../../shared/http/middleware/problem-details.js';
import { fieldErrors } from '../../../shared/validation.js';

describe('toProblem()', () => {
  it('keeps a domain error status, title and field errors', () => {
    const problem = toProblem(InvalidInputError.field('body.mobile', 'must be a mainland mobile number'), 'req-1');
    expect(problem).toEqual({
      type: '/problems/invalid-input',
      title: 'Invalid input',
      status: 400,
      detail: 'body.mobile: must be a mainland mobile number',
      errors: [{ path: 'body.mobile', message: 'must be a mainland mobile number' }],
    });
    expect(toProblem(new ConflictError('taken'), 'req-1').status).toBe(409);
  });

  it('answers anything unexpected with a 500 that carries the correlation id and no internals', () => {
    const problem = toProblem(new Error('connect ECONNREFUSED 10.0.0.1:8000 table secret-table'), 'req-2');
    expect(problem.status).toBe(500);
    expect(problem.correlationId).toBe('req-2');
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|secret-table/);
  });

  it('answers a reused Idempotency-Key with 422 and a racing one with 409', () => {
    expect(toProblem(new IdempotencyKeyReusedError(), 'req')).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(toProblem(new IdempotencyKeyInProgressError(1), 'req')).toMatchObject({ status: 409, type: '/problems/conflict' });
  });
});

describe('problemDetails()', () => {
  it('tells a client that raced an Idempotency-Key when to retry', async () => {
    const request = { event: { requestContext: { requestId: 'req-3' } }, context: {}, error: new IdempotencyKeyInProgressError(2), response: undefined } as any;
    await problemDetails().onError!(request);
    expect(request.response.statusCode).toBe(409);
    expect(request.response.headers['retry-after']).toBe('2');
    expect(request.response.headers['content-type']).toBe('application/problem+json');
  });
});

describe('a handler that runs out of time', () => {
  it('answers 503 problem+json with Retry-After, not a 500, when middy stops it before the function times out', async () => {
    const stuck = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(() => new Promise<APIGatewayProxyResult>(() => {})).use(problemDetails());
    const response = await stuck({ requestContext: { requestId: 'req-4' } } as never, { getRemainingTimeInMillis: () => 50 } as never);
    expect(response.statusCode).toBe(503);
    expect(response.headers!['retry-after']).toBe('1');
    expect(response.headers!['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ status: 503, title: 'Service busy', detail: expect.stringContaining('Idempotency-Key') });
  });
});

describe('fieldErrors()', () => {
  it('names every bad field and every unknown field under its location', () => {
    const schema = z.strictObject({ name: z.string(), age: z.number() });
    const result = schema.safeParse({ name: 1, extra: true, other: 1 });
    expect(result.success).toBe(false);
    const paths = fieldErrors('body', result.error!).map((error) => error.path).sort();
    expect(paths).toEqual(['body.age', 'body.extra', 'body.name', 'body.other']);
  });
});
