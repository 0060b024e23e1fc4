import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../../shared/logger.js';
import { rosterRepository } from '../dependencies.js';
import { STALLED_AFTER_MINUTES, stalledBefore } from '../domain/roster.js';

const rosters = rosterRepository();

/**
 * Every few minutes: a roster still `processing` long after it was completed will not finish
 * (its RosterCompleted message went to the DLQ), so the partner is told `failed` instead of
 * waiting forever. Redriving the message from the DLQ cannot revive it: the processor skips
 * rosters that are no longer processing.
 */
export const failStalledRosters = async (event: Pick<ScheduledEvent, 'time'>) => {
  const stalled = await rosters.stalledSince(stalledBefore(new Date(event.time)));
  let failed = 0;
  for (const rosterId of stalled) {
    if (await rosters.fail(rosterId, `Not applied within ${STALLED_AFTER_MINUTES} minutes`)) failed++;
  }
  if (failed > 0) logger.warn('Stalled rosters failed', { failed });
  return { failed };
};

export const handler = middy<ScheduledEvent, { failed: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(failStalledRosters);
