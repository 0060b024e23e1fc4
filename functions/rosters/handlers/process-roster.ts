import { RosterCompletedV1 } from '../../../events/roster-completed.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { logger } from '../../../shared/logger.js';
import { sealingRosterPorts } from '../dependencies.js';
import { applyRoster } from '../use-cases/apply-roster.js';

const ports = sealingRosterPorts();

/** Applies a completed roster (see the use case); logs ids and counts only, never a row. */
export const handler = sqsConsumer([RosterCompletedV1], {
  RosterCompleted: async ({ rosterId }) => {
    const result = await applyRoster({ rosterId }, ports);
    if (result.outcome === 'completed') logger.info('Roster applied', { rosterId, ...result.counts });
    if (result.outcome === 'failed') logger.warn('Roster failed', { rosterId, reason: result.reason });
  },
});
