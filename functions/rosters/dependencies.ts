import { provinceCode, queueUrlOf, tableEnvVar } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { meteredClient, type Capacity } from '../../shared/capacity.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { sendTasks, sqsClient } from '../../shared/sqs.js';
import { RosterLimitsSchema, type RosterLimits } from './domain/limits.js';
import { makeRosterRepository } from './repository.js';
import type { RosterTasks } from './tasks.js';

const rosterTables = () => ({ rosters: process.env[tableEnvVar('rosters')], riders: process.env[tableEnvVar('riders')] });

/** The rosters service's wiring, created once per container, with the tables the function was handed. */
export const rosterRepository = () => makeRosterRepository({ client: documentClient(), tables: rosterTables() });

/** The same repository for one piece of work, adding what it consumes to `capacity`. */
export const meteredRosterRepository = (capacity: Capacity) => makeRosterRepository({ client: meteredClient(documentClient(), capacity), tables: rosterTables() });

/** The province's roster limits (`ROSTER_LIMITS`, JSON; each unset one at its default). */
export const rosterLimits = (): RosterLimits => RosterLimitsSchema.parse(JSON.parse(process.env.ROSTER_LIMITS ?? '{}'));

/** The ports of the rosters use cases, for Lambda. */
export const rosterPorts = () => ({ rosters: rosterRepository(), clock: systemClock, ids: randomIds, province: provinceCode(), limits: rosterLimits() });

/** The ports of the use cases that seal or open personal data. */
export const sealingRosterPorts = () => ({ ...rosterPorts(), vault: piiVault() });

/** The roster steps' queue, for the functions the manifest lets send to it. */
export const rosterTasks = (): RosterTasks => {
  const queueUrl = queueUrlOf('rosterSteps');
  return { send: (tasks) => sendTasks(sqsClient(), queueUrl, tasks) };
};
