import { provinceCode, tableNameOf } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeRosterRepository } from './repository.js';

/** The rosters service's wiring, created once per container. */
export const rosterRepository = () => makeRosterRepository({ client: documentClient(), tableName: tableNameOf('rosters') });

/** The ports of the rosters use cases, for Lambda. */
export const rosterPorts = () => ({ rosters: rosterRepository(), clock: systemClock, ids: randomIds, province: provinceCode() });

/** The ports of the use cases that seal or open personal data. */
export const sealingRosterPorts = () => ({ ...rosterPorts(), vault: piiVault() });
