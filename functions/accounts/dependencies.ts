import { issueApiKey } from '../../shared/auth/api-key.js';
import { tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { usageKeys, type UsageKeys } from '../../shared/usage-keys.js';
import { makeAccountRepository } from './repository.js';

/** The accounts service's wiring for Lambda, created once per container. */
export const accountRepository = () => makeAccountRepository({ client: documentClient(), tableName: tableNameOf('accounts') });

export const accountPorts = () => ({ accounts: accountRepository(), keys: { issue: issueApiKey }, clock: systemClock, ids: randomIds });

/**
 * For the functions that issue keys: they also register usage keys (only they may). The registry
 * is made when first used, so loading a handler (e.g. to build the API document) needs no plans.
 */
export function keyIssuingPorts() {
  let registry: UsageKeys | undefined;
  return {
    ...accountPorts(),
    get usageKeys() {
      return (registry ??= usageKeys());
    },
  };
}
