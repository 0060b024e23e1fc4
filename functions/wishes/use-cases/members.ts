import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import { WishStateError } from '../domain/errors.js';
import { isLive, withdraw } from '../domain/wish.js';
import type { WishPorts } from './ports.js';
import { changeWish } from './transitions.js';

type MemberPorts = Pick<WishPorts, 'wishes' | 'clock' | 'province'>;

/**
 * A member left or was erased: each of their live wishes is withdrawn (its quota slot freed,
 * a donor holding its claim told through its giving record, union money not handed over
 * returned). Safe to repeat: a withdrawn wish is not live.
 */
export async function withdrawWorkerWishes(workerId: string, ports: MemberPorts): Promise<number> {
  let withdrawn = 0;
  for (const wish of await ports.wishes.allWorkerWishes(workerId)) {
    if (!isLive(wish)) continue;
    try {
      await changeWish(wish.id, null, withdraw, ports);
      withdrawn++;
    } catch (error) {
      // Fulfilled or rejected meanwhile: nothing left to withdraw.
      if (!(error instanceof WishStateError)) throw error;
    }
  }
  return withdrawn;
}

/**
 * A worker was erased (PIPL): every link from the worker account is dropped.
 *
 * 1. Withdraw their live wishes (the erasure may arrive before the membership change does).
 * 2. Remove the worker id from each wish and delete their one-wish-per-campaign guards: the
 *    wishes stay, anonymous, for the campaigns' counts and the donors' records.
 * 3. Delete their notifications.
 */
export async function forgetWorker(workerId: string, ports: MemberPorts): Promise<void> {
  await withdrawWorkerWishes(workerId, ports);
  for (const wish of await ports.wishes.allWorkerWishes(workerId)) await ports.wishes.unlinkWorker(wish);
  await ports.wishes.dropNotifications(workerId);
}

/**
 * Keeps the read model of a worker's membership that wish submission checks, and acts on
 * the member's leaving.
 *
 * 1. Without a worker id (events published before it existed) there is nothing to key it by.
 * 2. Store the newest state; an older event than the stored one changes nothing.
 * 3. A member who left has their wishes withdrawn; an erased one is forgotten.
 */
export async function projectMembership(change: MembershipStatusChangedV1Data, occurredAt: string, ports: MemberPorts): Promise<void> {
  const { workerId, to } = change;
  if (!workerId) return;
  const stored = await ports.wishes.putMember({
    workerId,
    status: to.status,
    orgId: to.orgId,
    ancestors: to.ancestors,
    ...(change.regionCode ? { regionCode: change.regionCode } : {}),
    occupation: change.occupation,
    changedAt: occurredAt,
  });
  if (to.status === 'erased') return forgetWorker(workerId, ports);
  if (stored && to.status === 'left') await withdrawWorkerWishes(workerId, ports);
}

/**
 * `WorkerErased`: the worker is forgotten, and the copy of their membership becomes a tombstone
 * (without org), because the membership's own erased event may name no worker and would then
 * leave the copy saying active.
 */
export async function eraseWorker(workerId: string, at: string, ports: MemberPorts): Promise<void> {
  await forgetWorker(workerId, ports);
  await ports.wishes.putMember({ workerId, status: 'erased', orgId: '', ancestors: [], occupation: '', changedAt: at });
}
