import { businessMetrics } from '../../shared/metrics-emf.js';
import { dynamoAuditLog } from '../../shared/audit.js';
import { provinceCode, provincePlatforms, tableNameOf } from '../../shared/config.js';
import { joinLinkKey } from '../../shared/crypto/join-link.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import { makeDynamoIdempotencyStore } from '../../shared/http/idempotency-store.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { smsSender } from '../../shared/sms.js';
import { randomInt } from 'node:crypto';
import { formatCode } from './domain/verification.js';
import { makeMembershipRepository } from './repository.js';
import type { MembershipPorts, RequestMemory } from './use-cases/ports.js';

/**
 * A worker's Idempotency-Key records (their join's answer names the membership) go with the
 * erasure: the platform's idempotency store forgets every record of the worker's principal.
 * Only the erasure routes call it, and as POST routes they are given the idempotency table.
 */
const idempotencyRecords = (): RequestMemory => {
  let store: ReturnType<typeof makeDynamoIdempotencyStore> | undefined;
  return {
    async forgetRequests(workerPrincipalId) {
      await (store ??= makeDynamoIdempotencyStore({ client: documentClient(), tableName: tableNameOf('idempotency') })).forgetCaller(workerPrincipalId);
    },
  };
};

/** The membership service's wiring for Lambda, created once per container; each part only when first used. */
export function membershipPorts(): MembershipPorts {
  let vault: MembershipPorts['vault'] | undefined;
  let sms: MembershipPorts['sms'] | undefined;
  let joinLinks: MembershipPorts['joinLinks'] | undefined;
  // Functions without the PII keys, SMS or the join-link key (e.g. the staff list) never touch them.
  return {
    memberships: makeMembershipRepository({ client: documentClient(), tableName: tableNameOf('memberships'), auditTableName: () => tableNameOf('audit') }),
    clock: systemClock,
    ids: randomIds,
    get vault() {
      return (vault ??= piiVault());
    },
    get sms() {
      return (sms ??= smsSender());
    },
    get joinLinks() {
      return (joinLinks ??= joinLinkKey());
    },
    codes: { next: () => formatCode(randomInt(0, 1_000_000)) },
    audit: dynamoAuditLog({ client: documentClient(), tableName: () => tableNameOf('audit'), clock: systemClock, ids: randomIds }),
    requests: idempotencyRecords(),
    metrics: businessMetrics,
    province: provinceCode(),
    get platforms() {
      return provincePlatforms();
    },
  };
}
