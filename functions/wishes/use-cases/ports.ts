import type { BusinessMetrics } from '../../../shared/metrics.js';
import { callerAs, type Caller } from '../../../shared/auth/caller.js';
import type { Clock, Ids } from '../../../shared/ports.js';
import type { Patience } from '../../../shared/read-your-writes.js';
import type { Actor } from '../domain/wish.js';
import type { WishRepository } from '../repository.js';

/** What the wishes use cases are given: the repository (or an in-memory one), time, ids, the province. */
export interface WishPorts {
  wishes: Pick<
    WishRepository,
    | 'getOrg'
    | 'getMember'
    | 'getCampaign'
    | 'createCampaign'
    | 'getWish'
    | 'commit'
    | 'unlinkWorker'
    | 'allWorkerWishes'
    | 'dueClaims'
    | 'dueReminders'
    | 'dropNotifications'
    | 'putMember'
  >;
  clock: Clock;
  ids: Ids;
  province: string;
  /** Claims and fulfilled wishes, counted once each for the province's dashboard. */
  metrics: BusinessMetrics;
  /** How long a read-model miss is taken for lag before it is answered (ADR 0012). */
  patience?: Patience;
}

/** The domain's view of a caller on a wishes route (the routes' allow-lists admit no other kind). */
export function actorOf(caller: Caller): Actor {
  switch (caller.role) {
    case 'org_admin':
    case 'province_admin':
      return { kind: 'staff', caller };
    case 'worker':
      return { kind: 'worker', workerId: caller.principalId };
    case 'donor':
      return { kind: 'donor', donorId: caller.accountId, name: caller.name };
    default:
      throw new Error(`A ${caller.role} reached a wishes route: check its allow-list`);
  }
}

/** The donor actor of a donor-only route. */
export function donorActor(caller: Caller): Extract<Actor, { kind: 'donor' }> {
  const donor = callerAs(caller, 'donor');
  return { kind: 'donor', donorId: donor.accountId, name: donor.name };
}
