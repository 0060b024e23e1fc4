import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, InvalidInputError } from '../../../shared/errors.js';
import { toProblem } from '../../../shared/http/middleware/problem-details.js';
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

  it('turns a reused or racing Idempotency-Key into 409', () => {
    for (const name of ['IdempotencyValidationError', 'IdempotencyAlreadyInProgressError']) {
      const error = Object.assign(new Error('x'), { name });
      expect(toProblem(error, 'req').status).toBe(409);
    }
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
