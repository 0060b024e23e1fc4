import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import type { Page } from '../../../shared/dynamo.js';
import { MembershipNotFoundError, type Membership } from '../domain/membership.js';
import type { MembershipPorts } from './ports.js';

/** The worker's latest membership and its org's name (from the membership, else this service's copy of the tree). */
export async function getMine(caller: Pick<Caller, 'principalId'>, ports: Pick<MembershipPorts, 'memberships'>): Promise<{ membership: Membership; orgName: string | null }> {
  const record = await ports.memberships.getByWorker(caller.principalId);
  if (!record) throw new MembershipNotFoundError();
  const { membership } = record;
  const orgName = membership.orgName ?? (await ports.memberships.getOrg(membership.orgId))?.name ?? null;
  return { membership, orgName };
}

/** An org's memberships for staff of the org or above it, recorded in the audit log; anyone else is told it does not exist. */
export async function listOrgMemberships(
  input: { orgId: string; status?: string; limit: number; cursor?: string },
  caller: Caller,
  ports: Pick<MembershipPorts, 'memberships' | 'audit'>,
): Promise<Page<Membership>> {
  const org = orgInScope(caller, await ports.memberships.getOrg(input.orgId), () => new MembershipNotFoundError('org'));
  const page = await ports.memberships.listByOrg(org.id, input);
  await ports.audit.record({ action: 'members.list', actor: caller, orgId: org.id, subjects: page.items.map((membership) => membership.id) });
  return page;
}
