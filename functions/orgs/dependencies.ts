import { documentClient } from '../../shared/dynamo.js';
import { tableNameOf } from '../../shared/config.js';
import { makeOrgRepository } from './repository.js';

/** The orgs service's wiring, created once per container. */
export const orgRepository = () => makeOrgRepository({ client: documentClient(), tableName: tableNameOf('orgs') });
