import type { Caller } from '../../../shared/auth/caller.js';
import type { Page } from '../../../shared/dynamo.js';
import { visibleOrg, type Org } from '../domain/org.js';
import type { OrgRepository } from '../repository.js';

export interface ReadOrgsPorts {
  orgs: Pick<OrgRepository, 'get' | 'listChildren'>;
}

/** An org in the caller's subtree; any other, like a missing one, is not found. */
export async function getOrg(orgId: string, caller: Caller, ports: ReadOrgsPorts): Promise<Org> {
  return visibleOrg(caller, await ports.orgs.get(orgId), orgId);
}

/**
 * A page of an org's direct children.
 *
 * 1. The parent must be in the caller's subtree (404 otherwise, before anything is listed).
 * 2. Its children come by name, a page at a time.
 */
export async function listChildren(orgId: string, page: { limit: number; cursor?: string }, caller: Caller, ports: ReadOrgsPorts): Promise<Page<Org>> {
  const parent = await getOrg(orgId, caller, ports);
  return ports.orgs.listChildren(parent.id, page);
}
