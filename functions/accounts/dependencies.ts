import { tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { makeAccountRepository } from './repository.js';

/** The accounts service's wiring, created once per container. */
export const accountRepository = () => makeAccountRepository({ client: documentClient(), tableName: tableNameOf('accounts') });
