import { businessMetrics } from '../../shared/metrics-emf.js';
import { provinceCode, tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeWishRepository } from './repository.js';
import type { WishPorts } from './use-cases/ports.js';

/** Undelivered claims a donor account may hold unless the province admin set its own limit. */
export const defaultClaimLimit = (): number => {
  const configured = Number(process.env.WISH_DONOR_CLAIM_LIMIT ?? 20);
  return Number.isInteger(configured) && configured > 0 ? configured : 20;
};

/** The wishes service's wiring for Lambda, created once per container. */
export const wishRepository = () => makeWishRepository({ client: documentClient(), tableName: tableNameOf('wishes'), defaultClaimLimit: defaultClaimLimit() });

export const wishPorts = (): WishPorts & { wishes: ReturnType<typeof wishRepository> } => ({
  wishes: wishRepository(),
  clock: systemClock,
  ids: randomIds,
  province: provinceCode(),
  metrics: businessMetrics,
});
