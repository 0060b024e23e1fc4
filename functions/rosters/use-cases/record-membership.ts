import type { RiderMembershipChangedV1Data } from '../../../events/rider-membership-changed.v1.js';
import { ConcurrentChangeError } from '../../../shared/dynamo.js';
import { withRetries } from '../../../shared/retry.js';
import { membershipOf, supersedes } from '../domain/rider.js';
import type { RosterRepository } from '../repository.js';

export interface RecordMembershipPorts {
  rosters: Pick<RosterRepository, 'riders' | 'recordMemberships'>;
}

/**
 * Keeps what the membership service says of partners' riders (the riders of one
 * announcement), so that `GET /v1/riders/{id}` can show membership to partners whose riders
 * consented to it. Returns how many riders it recorded.
 *
 * 1. Read the memberships the event announces (an event from before consent existed shares nothing).
 * 2. Read the riders; keep what supersedes what each holds (a rider not stored, or holding a
 *    newer version, keeps what it has: an older announcement, delivered late or again, never
 *    overwrites a newer one).
 * 3. Record them together, on condition each is still as read; a rider changed meanwhile makes
 *    the announcement read again (a few times at most).
 */
export async function recordMemberships(riders: readonly RiderMembershipChangedV1Data[], ports: RecordMembershipPorts): Promise<number> {
  return withRetries(
    async () => {
      const partners = [...new Set(riders.map((rider) => rider.partnerId))];
      const stored = await Promise.all(partners.map((partnerId) => ports.rosters.riders(partnerId, riders.filter((rider) => rider.partnerId === partnerId).map((rider) => rider.riderId))));
      const known = new Map(stored.flatMap((found) => [...found.values()]).map((rider) => [`${rider.partnerId}#${rider.riderId}`, rider]));
      const entries = riders
        .map((data) => ({ partnerId: data.partnerId, riderId: data.riderId, membership: membershipOf(data) }))
        .filter((entry) => supersedes(known.get(`${entry.partnerId}#${entry.riderId}`), entry.membership));
      await ports.rosters.recordMemberships(entries);
      return entries.length;
    },
    { times: 5, isRetryable: (error) => error instanceof ConcurrentChangeError },
  );
}
