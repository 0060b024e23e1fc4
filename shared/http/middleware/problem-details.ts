import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, TooManyRequestsError } from '../../errors.js';
import { logger } from '../../logger.js';
import { problemResponse, type Problem } from '../problem.js';

type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** Powertools idempotency errors a client causes by reusing or racing an Idempotency-Key. */
const idempotencyConflicts: Record<string, string> = {
  IdempotencyValidationError: 'This Idempotency-Key was already used with a different request body',
  IdempotencyAlreadyInProgressError: 'A request with this Idempotency-Key is still in progress',
};

/**
 * Turns whatever a handler throws into an RFC 9457 problem. A client's error keeps its status
 * and lists every bad field; anything unexpected is a 500 carrying only the correlation id.
 * Logs hold field paths and error names, never the values a client sent.
 */
export function toProblem(error: unknown, correlationId: string): Problem {
  if (error instanceof DomainError) {
    const problem: Problem = { type: error.type, title: error.title, status: error.status, detail: error.message };
    if (error.errors) problem.errors = error.errors;
    return problem;
  }
  const name = error instanceof Error ? error.name : '';
  const conflict = idempotencyConflicts[name];
  if (conflict) return { type: '/problems/conflict', title: 'Conflict', status: 409, detail: conflict };
  return {
    type: '/problems/internal-error',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; quote the correlation id when you report it',
    correlationId,
  };
}

export function problemDetails(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const onError = async (request: Request) => {
    if (request.response !== undefined) return;
    const correlationId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
    const problem = toProblem(request.error, correlationId);
    if (problem.status >= 500) {
      logger.error('Unhandled error', { correlationId, error: request.error as Error });
    } else {
      logger.info('Request refused', {
        status: problem.status,
        title: problem.title,
        fields: problem.errors?.map((fieldError) => fieldError.path),
      });
    }
    const response = problemResponse(problem);
    if (request.error instanceof TooManyRequestsError) {
      response.headers = { ...response.headers, 'retry-after': String(request.error.retryAfterSeconds) };
    }
    request.response = response;
  };
  return { onError };
}
