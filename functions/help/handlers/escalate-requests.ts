import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { helpPorts } from '../dependencies.js';
import { escalateOverdue } from '../use-cases/help-requests.js';

const ports = helpPorts();

/** Every few minutes: received requests nobody accepted within 48 hours go to the parent org. "Now" is the schedule event's time. */
export const escalateRequestsHandler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await escalateOverdue(new Date(event.time), ports);
  if (result.escalated > 0) logger.info('Help requests escalated', result);
  return result;
};

export const handler = middy<ScheduledEvent, { escalated: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(escalateRequestsHandler);
