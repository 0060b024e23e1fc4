import { provinceCode, tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeOrgRepository } from './repository.js';

/** The orgs service's wiring for Lambda, created once per container. */
export const orgRepository = () => makeOrgRepository({ client: documentClient(), tableName: tableNameOf('orgs') });

export const orgPorts = () => ({ orgs: orgRepository(), clock: systemClock, ids: randomIds, province: provinceCode() });
