import { taskConsumer } from '../../../shared/events/consumer.js';
import { logger } from '../../../shared/logger.js';
import { businessMetrics } from '../../../shared/metrics-emf.js';
import { meteredRosterRepository, rosterTasks, sealingRosterPorts } from '../dependencies.js';
import { RosterTaskSchema } from '../tasks.js';
import { runRosterStep } from '../use-cases/run-roster-step.js';

const ports = { ...sealingRosterPorts(), meteredRosters: meteredRosterRepository, tasks: rosterTasks(), metrics: businessMetrics };

/** Runs one step of applying a roster (see the use cases). Logs ids and outcomes, never a row. */
export const handler = taskConsumer(RosterTaskSchema, async (task) => {
  const result = await runRosterStep(task, ports);
  logger.info('Roster step', { ...task, outcome: result.outcome, ...result.capacity });
  if (result.outcome === 'completed') logger.info('Roster applied', { rosterId: task.rosterId });
  if (result.outcome === 'failed') logger.warn('Roster failed', { rosterId: task.rosterId, reason: result.reason });
});
