/**
 * Ports the platform functions (the authorizer, the outbox relay) use and services implement.
 * The platform imports this file, never a service folder, so a service can change how it keeps
 * its data without the platform noticing.
 */
import type { FindKeyOwner } from '../shared/auth/key-owners.js';
import { cachingKeyOwners } from '../shared/auth/key-owner-cache.js';
import { authorizerCacheSeconds } from '../shared/config.js';
import { accountRepository } from './accounts/dependencies.js';
import { findKeyOwner as findLiveKeyOwner } from './accounts/use-cases/find-key-owner.js';
import { systemClock } from '../shared/ports.js';

/** The accounts service answers who holds an API key; the answer is kept for the province's authorizer TTL. */
export const findKeyOwner = (): FindKeyOwner => {
  const ports = { accounts: accountRepository(), clock: systemClock };
  return cachingKeyOwners((keyHash) => findLiveKeyOwner(keyHash, ports), {
    ttlMs: () => authorizerCacheSeconds() * 1000,
    now: () => systemClock.now().getTime(),
  });
};
