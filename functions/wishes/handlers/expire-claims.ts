import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { wishPorts } from '../dependencies.js';
import { expireClaims } from '../use-cases/expire-claims.js';

const ports = wishPorts();

/** Every few minutes: donor claims past their hold go back to the pool. "Now" is the schedule event's time. */
export const expireClaimsHandler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await expireClaims(new Date(event.time), ports);
  if (result.expired > 0) logger.info('Wish claims expired', result);
  return result;
};

export const handler = middy<ScheduledEvent, { expired: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(expireClaimsHandler);
