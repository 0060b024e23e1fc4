import { businessMetrics } from '../../../shared/metrics.js';
import { cancellationReasons, ConcurrentChangeError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { CampaignNotFoundError } from '../domain/errors.js';
import {
  approve,
  claim,
  confirm,
  deliver,
  fund,
  reject,
  release,
  visibleWish,
  type Actor,
  type Context,
  type DeliveryInput,
  type Wish,
  type WishChange,
} from '../domain/wish.js';
import type { WishPorts } from './ports.js';

type ChangePorts = Pick<WishPorts, 'wishes' | 'clock' | 'province'>;
type CountingPorts = ChangePorts & Pick<WishPorts, 'metrics'>;

/** Lost a race: the wish (or an item in its transaction) moved since it was read. */
const isRace = (error: unknown) => error instanceof ConcurrentChangeError || (cancellationReasons(error)?.includes('TransactionConflict') ?? false);

const RACE_RETRIES = 4;

/**
 * The shape of every transition of an existing wish.
 *
 * 1. Load the wish; one the actor may not see is not found (404).
 * 2. Decide with a pure domain rule (403 for an actor without the right, 409 for a state that
 *    forbids it, 400 for bad input).
 * 3. Commit the wish on the condition that it has not changed since it was read, the items its
 *    effects move (each with its own condition) and its event, in one transaction.
 * 4. When another request changed the wish meanwhile, start again from 1, a few times at most:
 *    the next read meets the winner's state, and the rule answers accordingly (e.g. 409).
 */
export function changeWish(wishId: string, actor: Actor | null, decide: (wish: Wish, context: Context) => WishChange, ports: ChangePorts): Promise<Wish> {
  return withRetries(
    async () => {
      const stored = await ports.wishes.getWish(wishId);
      const wish = actor ? visibleWish(actor, stored, wishId) : stored;
      if (!wish) throw new Error(`Wish ${wishId} vanished`);
      return ports.wishes.commit(decide(wish, { now: ports.clock.now(), province: ports.province }));
    },
    { times: RACE_RETRIES, isRetryable: isRace, pauseMs: 20 },
  );
}

/** Staff approve a wish under review (staff of the campaign org's subtree; others get 404). */
export const approveWish = (wishId: string, actor: Actor, ports: ChangePorts) => changeWish(wishId, actor, approve, ports);

/** Staff reject a wish under review with a reason the worker sees. */
export const rejectWish = (wishId: string, reason: string, actor: Actor, ports: ChangePorts) =>
  changeWish(wishId, actor, (wish, context) => reject(wish, reason, context), ports);

/** A donor's claim of an open wish, uncounted: `claimWish` and `claimWishes` count what they claimed. */
export function claimOpenWish(wishId: string, actor: Extract<Actor, { kind: 'donor' }>, ports: ChangePorts): Promise<Wish> {
  return changeWish(wishId, actor, (wish, { now, province }) => claim(wish, actor, now, wish.claimHoldDays, province), ports);
}

/** A donor claims an open wish; of simultaneous claims one wins and the rest get 409. The claim is counted. */
export async function claimWish(wishId: string, actor: Extract<Actor, { kind: 'donor' }>, ports: CountingPorts): Promise<Wish> {
  const claimed = await claimOpenWish(wishId, actor, ports);
  ports.metrics.count(businessMetrics.wishClaimed);
  return claimed;
}

/** Staff fund an open wish from the campaign budget, which is never overspent. */
export const fundWish = (wishId: string, actor: Actor, ports: ChangePorts) => changeWish(wishId, actor, fund, ports);

/** The claim's holder gives the wish back to the pool. */
export const releaseWish = (wishId: string, actor: Actor, ports: ChangePorts) =>
  changeWish(wishId, actor, (wish, context) => release(wish, actor, context), ports);

/** The worker (or staff) confirms receipt, with an optional thank-you: the wish is fulfilled, and counted. */
export async function confirmWish(wishId: string, thanks: string | undefined, actor: Actor, ports: CountingPorts): Promise<Wish> {
  const fulfilled = await changeWish(wishId, actor, (wish, context) => confirm(wish, actor, thanks, context), ports);
  ports.metrics.count(businessMetrics.wishFulfilled);
  return fulfilled;
}

/**
 * The claim's holder delivers the gift to the union or to one of the campaign's stations.
 *
 * 1. Load the wish (as the actor may see it) and its campaign's pickup stations.
 * 2. Decide with `deliver` and commit as every transition does.
 */
export async function deliverWish(wishId: string, input: DeliveryInput, actor: Actor, ports: ChangePorts): Promise<Wish> {
  const wish = visibleWish(actor, await ports.wishes.getWish(wishId), wishId);
  const campaign = await ports.wishes.getCampaign(wish.campaignId);
  if (!campaign) throw new CampaignNotFoundError(wish.campaignId);
  return changeWish(wishId, actor, (current, context) => deliver(current, actor, input, campaign.stations, context), ports);
}
