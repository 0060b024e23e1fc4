import type { Envelope } from '../../../events/envelope.js';
import type { OrgCreatedV1Data } from '../../../events/org-created.v1.js';
import type { RiderStatusChangedV1Data } from '../../../events/rider-status-changed.v1.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { announceCoverage, rowFromAnnouncement } from '../domain/coverage.js';
import { exposureOf } from '../domain/membership.js';
import type { MembershipPorts } from './ports.js';

/**
 * Keeps this service's copy of a partner's roster row current and announces whether the rider
 * is a member (and whether the member shares that with platforms).
 *
 * 1. Load the stored row; an older announcement than the stored one changes nothing.
 * 2. Find the person's live membership through the guard.
 * 3. Write the row (on the condition that it is still at the version read) with its
 *    announcement, checking in the same transaction that the membership did not change (or
 *    that the person still has none): a racing approval makes one of them retry, a bounded
 *    number of times, instead of leaving a stale answer.
 */
export async function projectRider(data: RiderStatusChangedV1Data, event: Envelope, ports: Pick<MembershipPorts, 'memberships' | 'clock' | 'province'>): Promise<void> {
  await withRetries(
    async () => {
      const stored = await ports.memberships.getRosteredRow(data.personIndex, data.partnerId, data.riderId);
      const now = ports.clock.now();
      const row = rowFromAnnouncement(stored, data, event.occurredAt, now);
      if (!row) return;
      const owner = await ports.memberships.guardOwner(data.personIndex);
      const live = owner ? (await ports.memberships.get(owner))?.membership : undefined;
      await ports.memberships.putRosteredRow(
        row,
        stored?.coverageVersion,
        live && { id: live.id, version: live.version },
        [announceCoverage(row, exposureOf(live), event.province, now)],
      );
    },
    { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
  );
}

/** Adds a new org to this service's copy of the tree (staff scope on lists, the e-card's org name), once per event. */
export async function projectOrg(data: OrgCreatedV1Data, event: Envelope, ports: Pick<MembershipPorts, 'memberships'>): Promise<void> {
  await ports.memberships.addOrg(data, event);
}
