import { DomainError } from '../../../shared/errors.js';
import { claimExpiry, type Actor } from '../domain/wish.js';
import type { WishPorts } from './ports.js';
import { claimOpenWish } from './transitions.js';
import { businessMetrics } from '../../../shared/metrics.js';

export type BulkClaimOutcome =
  | { wishId: string; status: 'claimed'; claimExpiresAt: string }
  | { wishId: string; status: 'conflict'; reason: string }
  | { wishId: string; status: 'not_found' };

/** At most this many claims of one request run at once: each is its own transaction. */
const PARALLEL = 8;

/**
 * A donor adopts many wishes at once (bulk 认领); each is claimed or not on its own.
 *
 * 1. Drop repeated ids (a wish is answered once).
 * 2. Claim each wish as `claimWish` does, a few at a time: its own conditional transaction.
 * 3. Answer per wish: `claimed` with its expiry; `not_found` for a wish the donor may not see;
 *    `conflict` (with the reason) when the wish is not open or the donor's limit is reached.
 *    Anything else (an outage) fails the request, having claimed what it claimed.
 * 4. Count the wishes claimed, once for the request.
 */
export async function claimWishes(wishIds: readonly string[], actor: Extract<Actor, { kind: 'donor' }>, ports: Pick<WishPorts, 'wishes' | 'clock' | 'province' | 'metrics'>): Promise<BulkClaimOutcome[]> {
  const unique = [...new Set(wishIds)];
  const outcomes: BulkClaimOutcome[] = new Array(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const i = next++;
      const wishId = unique[i]!;
      outcomes[i] = await claimOpenWish(wishId, actor, ports).then(
        (wish): BulkClaimOutcome => ({ wishId, status: 'claimed', claimExpiresAt: claimExpiry(wish) ?? '' }),
        (error: unknown): BulkClaimOutcome => {
          if (!(error instanceof DomainError)) throw error;
          if (error.status === 404) return { wishId, status: 'not_found' };
          if (error.status === 409) return { wishId, status: 'conflict', reason: error.message };
          throw error;
        },
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, unique.length) }, worker));
  const claimed = outcomes.filter((outcome) => outcome.status === 'claimed').length;
  if (claimed > 0) ports.metrics.count(businessMetrics.wishClaimed, claimed);
  return outcomes;
}
