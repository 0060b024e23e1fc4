import type { APIGatewayProxyResult } from 'aws-lambda';
import { problemType, type FieldError } from '../errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document, as every error of this API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** The request id: quote it to support to find the logs of a failed request. */
  correlationId?: string;
}

export function problemResponse(problem: Problem): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problem),
  };
}

/**
 * Problems API Gateway itself answers, before any function runs. The deployed stack renders
 * them as gateway responses and the local gateway answers with the same documents.
 */
export const gatewayProblems = {
  UNAUTHORIZED: { status: 401, title: 'Unauthorized', detail: 'Missing, expired or invalid credentials' },
  ACCESS_DENIED: { status: 403, title: 'Forbidden', detail: 'This credential may not call this route' },
  MISSING_AUTHENTICATION_TOKEN: { status: 404, title: 'Not found', detail: 'No such route' },
  REQUEST_TOO_LARGE: { status: 413, title: 'Payload too large', detail: 'Request bodies are limited to 1 MiB' },
  // A metered route whose caller's account has no usage key: its API key is fine, so a bare
  // "Forbidden" would send the partner hunting for a wrong key (ADR 0026).
  INVALID_API_KEY: {
    status: 403,
    title: 'Account not enrolled in a usage plan',
    detail: "This API key is valid, but its account was created before per-account limits and has no usage plan yet; the province admin enrols it once (the API key stays the same)",
  },
  THROTTLED: { status: 429, title: 'Too many requests', detail: 'Slow down and retry later' },
  QUOTA_EXCEEDED: { status: 429, title: 'Quota exceeded', detail: "This account's daily request quota is used up; it renews at midnight UTC" },
} as const satisfies Record<string, Omit<Problem, 'type'>>;

export type GatewayProblem = keyof typeof gatewayProblems;

export function gatewayProblem(kind: GatewayProblem): Problem {
  const { status, title, detail } = gatewayProblems[kind];
  return { type: problemType(title), title, status, detail };
}
