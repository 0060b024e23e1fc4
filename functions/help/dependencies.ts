import { dynamoAuditLog } from '../../shared/audit.js';
import { provinceCode, tableNameOf } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeHelpRepository } from './repository.js';
import type { HelpPorts } from './use-cases/help-requests.js';

/** The help service's wiring for Lambda, created once per container; the vault only when first used (most functions never open a description). */
export function helpPorts(): HelpPorts {
  let vault: HelpPorts['vault'] | undefined;
  return {
    help: makeHelpRepository({ client: documentClient(), tableName: tableNameOf('help') }),
    clock: systemClock,
    ids: randomIds,
    get vault() {
      return (vault ??= piiVault());
    },
    audit: dynamoAuditLog({ client: documentClient(), tableName: () => tableNameOf('audit'), clock: systemClock, ids: randomIds }),
    province: provinceCode(),
  };
}
