import { tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { systemClock } from '../../shared/ports.js';
import { makeAuditRepository } from './repository.js';

/** The audit service's wiring for Lambda, created once per container. */
export const auditPorts = () => ({ audit: makeAuditRepository({ client: documentClient(), tableName: tableNameOf('audit') }), clock: systemClock });
