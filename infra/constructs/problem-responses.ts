import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { gatewayProblem, gatewayProblems, PROBLEM_CONTENT_TYPE, type GatewayProblem } from '../../shared/http/problem.js';

/** The API Gateway response each problem of `gatewayProblems` renders. */
export const gatewayResponseTypes: Record<GatewayProblem, ResponseType> = {
  UNAUTHORIZED: ResponseType.UNAUTHORIZED,
  ACCESS_DENIED: ResponseType.ACCESS_DENIED,
  // A REST API answers an unknown path with 403 "Missing Authentication Token"; clients get 404.
  MISSING_AUTHENTICATION_TOKEN: ResponseType.MISSING_AUTHENTICATION_TOKEN,
  REQUEST_TOO_LARGE: ResponseType.REQUEST_TOO_LARGE,
  // API Gateway's answer to a metered route when the authorizer names no usage key, or one in no plan.
  INVALID_API_KEY: ResponseType.INVALID_API_KEY,
  THROTTLED: ResponseType.THROTTLED,
  QUOTA_EXCEEDED: ResponseType.QUOTA_EXCEEDED,
};

/**
 * Bodies of the catch-all responses. They carry no `status`: DEFAULT_4XX covers 400, 403, 404,
 * 415 and 429 answers and DEFAULT_5XX both 500 and 504, gateway-response templates have no
 * variable holding the status code, and RFC 9457 makes the member optional (the status line is
 * authoritative). The 5xx body matches what a function's own unexpected error answers.
 */
export const defaultProblemTemplates = {
  DEFAULT_4XX: '{"type":"/problems/request-refused","title":"Request refused","detail":$context.error.messageString}',
  DEFAULT_5XX:
    '{"type":"/problems/internal-error","title":"Internal error","detail":"Something went wrong on our side; quote the correlation id when you report it","correlationId":"$context.requestId"}',
} as const;

// Gateway-response templates are Velocity: a literal document must not contain its markup.
function velocityLiteral(document: string): string {
  if (/[$#\\]/.test(document)) throw new Error(`Gateway problem ${document} contains $, # or \\, which Velocity would interpret`);
  return document;
}

/**
 * Makes the API answer its own errors as `application/problem+json`, the same documents the
 * functions and the local gateway answer: one gateway response per entry of `gatewayProblems`
 * (its status set explicitly so the status line and the body can never disagree), and generic
 * problems for every other 4xx and 5xx.
 */
export function addProblemResponses(api: RestApi): void {
  const responseHeaders = { 'Content-Type': `'${PROBLEM_CONTENT_TYPE}'` };
  for (const kind of Object.keys(gatewayResponseTypes) as GatewayProblem[]) {
    api.addGatewayResponse(kind, {
      type: gatewayResponseTypes[kind],
      statusCode: String(gatewayProblems[kind].status),
      responseHeaders,
      templates: { 'application/json': velocityLiteral(JSON.stringify(gatewayProblem(kind))) },
    });
  }
  api.addGatewayResponse('DEFAULT_4XX', { type: ResponseType.DEFAULT_4XX, responseHeaders, templates: { 'application/json': defaultProblemTemplates.DEFAULT_4XX } });
  api.addGatewayResponse('DEFAULT_5XX', { type: ResponseType.DEFAULT_5XX, responseHeaders, templates: { 'application/json': defaultProblemTemplates.DEFAULT_5XX } });
}
