import { tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { makeRosterRepository } from './repository.js';

/** The rosters service's wiring, created once per container. */
export const rosterRepository = () => makeRosterRepository({ client: documentClient(), tableName: tableNameOf('rosters') });
