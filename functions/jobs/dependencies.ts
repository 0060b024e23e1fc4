import { dynamoAuditLog } from '../../shared/audit.js';
import { provinceCode, tableNameOf } from '../../shared/config.js';
import { piiVault } from '../../shared/crypto/pii-vault.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeFairRepository } from './fair-repository.js';
import { makeJobRepository } from './job-repository.js';
import { makeOrgTree } from './org-tree.js';
import { makeSeekerRepository } from './seeker-repository.js';

/** The jobs service's wiring for Lambda, created once per container. */
const store = () => ({ client: documentClient(), tableName: tableNameOf('jobs') });

export const jobPorts = () => ({
  jobs: makeJobRepository(store()),
  seekers: makeSeekerRepository(store()),
  fairs: makeFairRepository(store()),
  orgs: makeOrgTree(store()),
  clock: systemClock,
  ids: randomIds,
  province: provinceCode(),
});

/** The check-in poster's ports: fairs and the org tree only (its bundle also carries the QR encoder). */
export const checkinPosterPorts = () => ({ fairs: makeFairRepository(store()), orgs: makeOrgTree(store()), clock: systemClock });

/** Ports of the routes that seal or open a shared contact (opening one is recorded in the audit log). */
export const jobPortsWithVault = () => ({
  ...jobPorts(),
  vault: piiVault(),
  audit: dynamoAuditLog({ client: documentClient(), tableName: () => tableNameOf('audit'), clock: systemClock, ids: randomIds }),
});

export type JobPorts = ReturnType<typeof jobPorts>;
