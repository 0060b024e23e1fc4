import type { Caller } from '../../../shared/auth/caller.js';
import { orgInScope } from '../../../shared/auth/org-scope.js';
import type { Page } from '../../../shared/dynamo.js';
import { CampaignOrgNotFoundError } from '../domain/errors.js';
import type { Campaign, CampaignPhase } from '../domain/campaign.js';
import type { PageRequest, WishRepository } from '../repository.js';
import type { WishPorts } from './ports.js';

/**
 * An org's campaigns, latest opening first.
 *
 * 1. Staff list only orgs of their subtree (another org is not found); workers and donors
 *    list any org's campaigns, which are public within the province.
 * 2. A phase becomes a filter on the dates as of now: `upcoming` not yet open, `open` taking
 *    wishes, `closed` past its closing.
 */
export async function listCampaigns(
  query: PageRequest & { orgId: string; status?: CampaignPhase },
  caller: Caller,
  ports: Pick<WishPorts, 'clock'> & { wishes: Pick<WishRepository, 'getOrg' | 'listCampaigns'> },
): Promise<Page<Campaign>> {
  if (caller.role === 'org_admin' || caller.role === 'province_admin') {
    orgInScope(caller, await ports.wishes.getOrg(query.orgId), () => new CampaignOrgNotFoundError(query.orgId));
  }
  const now = ports.clock.now().toISOString();
  const byPhase = {
    upcoming: { opensAfter: now },
    open: { opensBy: now, closesAfter: now },
    closed: { closesBy: now },
  } as const;
  return ports.wishes.listCampaigns(query.orgId, query.status ? byPhase[query.status] : {}, query);
}
