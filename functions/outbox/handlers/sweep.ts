import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { describeError, logger } from '../../../shared/logger.js';
import { outboxPorts, outboxTableNames } from '../dependencies.js';
import { sweepOutbox } from '../use-cases/sweep-outbox.js';

const ports = outboxPorts();

export interface SweepCounts {
  published: number;
  failed: number;
  more: boolean;
}

/**
 * Every few minutes: publishes the outbox items the relay has not marked published, as of the
 * schedule event's `time`. Logs counts and outbox item ids, never event data.
 */
export const sweepOutboxHandler = async (event: Pick<ScheduledEvent, 'time'>): Promise<SweepCounts> => {
  const result = await sweepOutbox(new Date(event.time), { ...ports, tables: outboxTableNames() });
  for (const failure of result.failures) {
    logger.error('Outbox sweep could not publish', { table: failure.table, outboxItem: failure.outboxItem, ...describeError(failure.error) });
  }
  const counts = { published: result.published, failed: result.failures.length, more: result.more };
  // Anything the sweep had to publish is something the relay lost: worth a look.
  if (counts.published > 0 || counts.failed > 0 || counts.more) logger.warn('Outbox swept', counts);
  else logger.info('Outbox swept', counts);
  return counts;
};

export const handler = middy<ScheduledEvent, SweepCounts>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sweepOutboxHandler);
