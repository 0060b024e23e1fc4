import { readYourWrites } from '../../../shared/read-your-writes.js';
import { CampaignNotFoundError } from '../domain/errors.js';
import { isActiveIn, submit, type NewWish, type Wish } from '../domain/wish.js';
import type { WishPorts } from './ports.js';

/**
 * A member submits a wish to a campaign.
 *
 * 1. Load the campaign (404 when there is none).
 * 2. Read the worker's membership from the service's read model. A member approved a moment ago
 *    may not be in it yet (events lag by about a second), so a miss or a non-active entry is
 *    re-read for up to about 3 s before it is answered with 403 (read your writes, ADR 0012).
 * 3. Decide with `submit`: membership in the campaign org's subtree, the campaign's dates and cap.
 * 4. Commit the wish, the campaign's quota counter (conditioned on the quota), the
 *    one-wish-per-member guard (conditioned on its absence) and WishSubmitted in one transaction.
 */
export async function submitWish(campaignId: string, input: NewWish, workerId: string, ports: WishPorts): Promise<Wish> {
  const campaign = await ports.wishes.getCampaign(campaignId);
  if (!campaign) throw new CampaignNotFoundError(campaignId);
  const member = await readYourWrites(() => ports.wishes.getMember(workerId), (found) => isActiveIn(found, campaign), ports.patience);
  const change = submit(input, campaign, member, { id: ports.ids.next('wish'), workerId, now: ports.clock.now(), province: ports.province });
  return ports.wishes.commit(change);
}
