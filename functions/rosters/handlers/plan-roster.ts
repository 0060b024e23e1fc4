import { RosterCompletedV1 } from '../../../events/roster-completed.v1.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { logger } from '../../../shared/logger.js';
import { rosterPorts, rosterTasks } from '../dependencies.js';
import { planRoster } from '../use-cases/plan-roster.js';

const ports = { ...rosterPorts(), tasks: rosterTasks() };

/** Splits a completed roster into its chunks' tasks (see the use case). */
export const handler = sqsConsumer([RosterCompletedV1], {
  RosterCompleted: async ({ rosterId }) => {
    const { tasks } = await planRoster({ rosterId }, ports);
    logger.info('Roster planned', { rosterId, tasks });
  },
});
