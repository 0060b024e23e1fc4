import type { Caller } from '../../../shared/auth/caller.js';
import { readYourWrites } from '../../../shared/read-your-writes.js';
import { planCampaign, type Campaign, type NewCampaign } from '../domain/campaign.js';
import type { WishPorts } from './ports.js';

/**
 * Staff open a micro-wish campaign for their org or one below it.
 *
 * 1. Load the org from the service's own copy of the tree; an org created a moment ago may not
 *    be there yet, so a miss is re-read for a few seconds before it counts (ADR 0012).
 * 2. Decide with `planCampaign`: the caller's scope, the dates, the stations.
 * 3. Write the campaign with its quota counter and unspent budget.
 */
export async function createCampaign(input: NewCampaign, caller: Caller, ports: Pick<WishPorts, 'wishes' | 'clock' | 'ids' | 'patience'>): Promise<Campaign> {
  const org = await readYourWrites(() => ports.wishes.getOrg(input.orgId), (found) => found !== undefined, ports.patience);
  const campaign = planCampaign(input, org, { caller, id: ports.ids.next('cmp'), now: ports.clock.now() });
  await ports.wishes.createCampaign(campaign);
  return campaign;
}
