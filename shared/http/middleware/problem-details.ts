import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, isFunctionTimeout, isThrottling, ServiceBusyError, TIMED_OUT_DETAIL } from '../../errors.js';
import { logger } from '../../logger.js';
import { problemResponse, type Problem } from '../problem.js';

type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>;

/**
 * Turns whatever a handler throws into an RFC 9457 problem. A client's error keeps its status
 * and lists every bad field; a database that stayed throttled is a 503 to retry; anything
 * unexpected is a 500 carrying only the correlation id.
 * Logs hold field paths and error names, never the values a client sent.
 */
export function toProblem(error: unknown, correlationId: string): Problem {
  if (error instanceof DomainError) {
    const problem: Problem = { type: error.type, title: error.title, status: error.status, detail: error.message };
    if (error.errors) problem.errors = error.errors;
    return problem;
  }
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
    // Throttling the SDK's retries could not outlast, or a request that ran out of time on a
    // busy database, is the client's to retry, not our bug.
    const error = isThrottling(request.error) ? new ServiceBusyError() : isFunctionTimeout(request.error) ? new ServiceBusyError(TIMED_OUT_DETAIL) : request.error;
    const problem = toProblem(error, correlationId);
    if (problem.status === 503) {
      logger.warn('Request refused: the database stayed throttled, a dependency is unavailable or the function ran out of time', { correlationId, error: (request.error as Error).name });
    } else if (problem.status >= 500) {
      logger.error('Unhandled error', { correlationId, error: request.error as Error });
    } else {
      logger.info('Request refused', {
        status: problem.status,
        title: problem.title,
        fields: problem.errors?.map((fieldError) => fieldError.path),
      });
    }
    request.response = problemResponse(problem);
    // A refusal the client should simply retry later (an Idempotency-Key still in progress, a rate limit) says when.
    if (error instanceof DomainError && error.retryAfterSeconds !== undefined) {
      request.response.headers = { ...request.response.headers, 'retry-after': String(error.retryAfterSeconds) };
    }
  };
  return { onError };
}
