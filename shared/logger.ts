import { search } from '@aws-lambda-powertools/jmespath';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger every function uses. It never receives request bodies or personal fields:
 * handlers log ids and outcomes only, and the middleware logs errors without their input.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'union-services',
  correlationIdSearchFn: search as (expression: string, data: unknown) => unknown,
});

/**
 * What a log line may say about an error: its name and message, or for a validation error
 * only the paths and codes of its issues, since their messages can echo what was sent.
 */
export function describeError(error: unknown): { errorName: string; errorMessage?: string; issues?: string[] } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const issues = (error as Error & { issues?: { path: PropertyKey[]; code: string }[] }).issues;
  if (error.name === 'ZodError' && issues) {
    return { errorName: error.name, issues: issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.code}`) };
  }
  return { errorName: error.name, errorMessage: error.message };
}
