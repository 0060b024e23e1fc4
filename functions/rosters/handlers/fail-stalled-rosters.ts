import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { rosterPorts } from '../dependencies.js';
import { failStalledRosters as failStalled } from '../use-cases/fail-stalled-rosters.js';

const ports = rosterPorts();

/** Every few minutes: rosters stuck in processing are failed (see the use case). The event's time is "now". */
export const failStalledRosters = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await failStalled({ ...ports, clock: { now: () => new Date(event.time) } });
  if (result.failed > 0) logger.warn('Stalled rosters failed', result);
  return result;
};

export const handler = middy<ScheduledEvent, { failed: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(failStalledRosters);
