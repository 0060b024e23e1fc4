import type { Caller } from '../../../shared/auth/caller.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import { planOrg, type NewOrg, type Org } from '../domain/org.js';
import type { OrgRepository } from '../repository.js';

export interface CreateOrgPorts {
  orgs: Pick<OrgRepository, 'get' | 'create'>;
  clock: Clock;
  ids: Ids;
  province: string;
}

/**
 * Adds an org to the province's tree.
 *
 * 1. Load the parent (none for the province's root federation).
 * 2. Decide with `planOrg`: the caller's scope, the parent's kind and region, the ancestry.
 * 3. Write the org and its `OrgCreated` event in one transaction, on the condition that the
 *    parent still exists (or, for the root, that there is no root yet).
 */
export async function createOrg(input: NewOrg, caller: Caller, ports: CreateOrgPorts): Promise<Org> {
  const parent = input.parentId === null ? undefined : await ports.orgs.get(input.parentId);
  const { org, event } = planOrg(input, parent, { caller, province: ports.province, id: ports.ids.next('org'), now: ports.clock.now() });
  await ports.orgs.create(org, event);
  return org;
}
