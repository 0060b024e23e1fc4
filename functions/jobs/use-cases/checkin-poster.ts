import type { Caller } from '../../../shared/auth/caller.js';
import { InvalidInputError } from '../../../shared/errors.js';
import type { Clock } from '../../../shared/ports.js';
import type { Poster } from '../../../shared/poster/poster.js';
import { checkinPoster } from '../domain/checkin-poster.js';
import { checkinCodeHash, checkinUrl, ensureNotOver, fairInScope } from '../domain/fair.js';
import type { FairRepository } from '../fair-repository.js';
import type { OrgTree } from '../org-tree.js';

/** Only what the poster reads, so its function's bundle carries no other repository. */
export interface CheckinPosterPorts {
  fairs: Pick<FairRepository, 'get' | 'hasCheckinCode'>;
  orgs: Pick<OrgTree, 'get'>;
  clock: Clock;
}

/**
 * The poster of a fair's check-in code, for staff to print and hang at its entrance.
 *
 * 1. The fair must be in the caller's scope (else not found) and not over (409).
 * 2. The token must be one of the fair's codes (else a bad `path.token`): no poster of a code
 *    that would not check anyone in.
 * 3. Draw it with the organizing org's name from the service's copy of the tree.
 */
export async function checkinLinkPoster(fairId: string, token: string, caller: Caller, baseUrl: string, ports: CheckinPosterPorts): Promise<Poster> {
  const fair = fairInScope(caller, await ports.fairs.get(fairId), fairId);
  ensureNotOver(fair, ports.clock.now());
  const [known, org] = await Promise.all([ports.fairs.hasCheckinCode(fair.id, checkinCodeHash(token)), ports.orgs.get(fair.orgId)]);
  if (!known) throw InvalidInputError.field('path.token', 'is not a check-in code of this fair');
  return checkinPoster(fair, org?.name ?? '', checkinUrl(baseUrl, fair.id, token));
}
