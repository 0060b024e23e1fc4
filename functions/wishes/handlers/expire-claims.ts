import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { wishPorts } from '../dependencies.js';
import { expireClaims } from '../use-cases/expire-claims.js';

const ports = wishPorts();

/** Every few minutes: donor claims past their hold go back to the pool, and donors whose hold ends within a day are reminded. "Now" is the schedule event's time. */
export const expireClaimsHandler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await expireClaims(new Date(event.time), ports);
  if (result.expired + result.reminded > 0) logger.info('Wish claims expired or reminded', result);
  return result;
};

export const handler = middy<ScheduledEvent, { expired: number; reminded: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(expireClaimsHandler);
