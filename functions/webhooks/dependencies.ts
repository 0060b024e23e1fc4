import { businessMetrics } from '../../shared/metrics-emf.js';
import { randomBytes, randomInt } from 'node:crypto';
import { provinceCode, queueUrlOf, tableNameOf } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { sendTasks, sqsClient } from '../../shared/sqs.js';
import { httpConnector, systemResolver } from './connector.js';
import type { AddressPolicy } from './domain/address.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './domain/backoff.js';
import { formatSecret } from './domain/signature.js';
import { makeWebhookRepository } from './repository.js';
import type { DeliveryTasks, WebhookPorts } from './use-cases/ports.js';

/**
 * Set by the local runtime only (`WEBHOOKS_LOCAL_LOOPBACK=allow`): `http://127.0.0.1:<port>`
 * receivers. A deployed stack never sets it, so it refuses them.
 */
export const addressPolicy = (env: NodeJS.ProcessEnv = process.env): AddressPolicy => ({ allowLocalLoopback: env.WEBHOOKS_LOCAL_LOOPBACK === 'allow' });

/** `WEBHOOKS_RETRY_BASE_SECONDS` shortens the backoff where a day is too long to watch (the local runtime). */
export function retryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const base = Number(env.WEBHOOKS_RETRY_BASE_SECONDS);
  return Number.isInteger(base) && base > 0 ? { ...DEFAULT_RETRY_POLICY, baseSeconds: base } : DEFAULT_RETRY_POLICY;
}

/** The deliverer's queue, for the functions the manifest lets send to it. */
const deliveryTasks = (): DeliveryTasks => {
  let queueUrl: string | undefined;
  return {
    send: (deliveryIds, delaySeconds) =>
      sendTasks(
        sqsClient(),
        (queueUrl ??= queueUrlOf('webhookDeliveries')),
        deliveryIds.map((deliveryId) => ({ deliveryId })),
        delaySeconds,
      ),
  };
};

/** A signing secret of 32 random bytes, as Standard Webhooks libraries expect it. */
const newSecret = () => formatSecret(randomBytes(32));

/** A uniform draw in [0, 1) from the system's CSPRNG (jitter needs no more, and no seeded state). */
const random = () => randomInt(0, 2 ** 32) / 2 ** 32;

/** The webhooks service's wiring for Lambda, created once per container; the vault and queue when first used. */
export function webhookPorts(): WebhookPorts {
  let vault: WebhookPorts['vault'] | undefined;
  return {
    webhooks: makeWebhookRepository({ client: documentClient(), tableName: tableNameOf('webhooks') }),
    get vault() {
      return (vault ??= piiVault());
    },
    resolve: systemResolver,
    connect: httpConnector,
    tasks: deliveryTasks(),
    clock: systemClock,
    ids: randomIds,
    newSecret,
    random,
    addresses: addressPolicy(),
    retry: retryPolicy(),
    province: provinceCode(),
    metrics: businessMetrics,
  };
}
