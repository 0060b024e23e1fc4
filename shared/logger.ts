import { search } from '@aws-lambda-powertools/jmespath';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger every function uses. It never receives request bodies or personal fields:
 * handlers log ids and outcomes only, and the middleware logs errors without their input.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'union-services',
  correlationIdSearchFn: search,
});
