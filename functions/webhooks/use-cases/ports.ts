import type { BusinessMetrics } from '../../../shared/metrics.js';
import type { PiiVault } from '../../../shared/crypto/pii-vault.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import type { Connector } from '../connector.js';
import type { AddressPolicy, Resolver } from '../domain/address.js';
import type { RetryPolicy } from '../domain/backoff.js';
import type { WebhookRepository } from '../repository.js';

/** A delivery to attempt, on the `webhookDeliveries` queue, after `delaySeconds` (at most 900, SQS's limit). */
export interface DeliveryTasks {
  send(deliveryIds: readonly string[], delaySeconds?: number): Promise<void>;
}

/** What the webhooks use cases are given: the repository, the vault, the network's ports, time, ids and policies. */
export interface WebhookPorts {
  webhooks: WebhookRepository;
  vault: Pick<PiiVault, 'encrypt' | 'decrypt'>;
  resolve: Resolver;
  connect: Connector;
  tasks: DeliveryTasks;
  clock: Clock;
  ids: Ids;
  /** A fresh signing secret, `whsec_` and base64 of random bytes. */
  newSecret: () => string;
  /** A draw in [0, 1) for the backoff's jitter. */
  random: () => number;
  addresses: AddressPolicy;
  retry: RetryPolicy;
  province: string;
  /** Deliveries marked failed, counted once each for the province's dashboard. */
  metrics: BusinessMetrics;
}
