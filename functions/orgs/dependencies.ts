import { joinLinkBaseUrl, provinceCode, tableNameOf } from '../../shared/config.js';
import { joinLinkKey } from '../../shared/crypto/join-link.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeOrgRepository } from './repository.js';

/** The orgs service's wiring for Lambda, created once per container. */
export const orgRepository = () => makeOrgRepository({ client: documentClient(), tableName: tableNameOf('orgs') });

export const orgPorts = () => ({ orgs: orgRepository(), clock: systemClock, ids: randomIds, province: provinceCode() });

/** The join-link use cases' wiring: the signing key only in the functions the stack gives it to. */
export const joinLinkPorts = () => ({ orgs: orgRepository(), clock: systemClock, ids: randomIds, joinLinks: joinLinkKey(), baseUrl: joinLinkBaseUrl() });

/** The poster reads a link's claims: it verifies tokens and never signs one. */
export const posterPorts = () => ({ orgs: orgRepository(), clock: systemClock, joinLinks: joinLinkKey() });

export const revocationPorts = () => ({ orgs: orgRepository() });
