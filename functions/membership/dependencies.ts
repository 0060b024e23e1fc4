import { tableNameOf } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import type { Mac } from './domain/join-link.js';
import { makeMembershipRepository } from './repository.js';

/** The membership service's wiring, created once per container. */
export const membershipRepository = () =>
  makeMembershipRepository({ client: documentClient(), tableName: tableNameOf('memberships') });

/** Join links are signed with the province's MAC key under their own purpose. */
export const joinLinkMac = (): Mac => {
  const vault = piiVault();
  return (value) => vault.mac('join-link', value);
};

