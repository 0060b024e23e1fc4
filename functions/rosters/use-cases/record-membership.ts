import type { RiderMembershipChangedV1Data } from '../../../events/rider-membership-changed.v1.js';
import { membershipOf } from '../domain/rider.js';
import type { RosterRepository } from '../repository.js';

export interface RecordMembershipPorts {
  rosters: Pick<RosterRepository, 'recordMemberships'>;
}

/**
 * Keeps what the membership service says of partners' riders (the riders of one
 * announcement), so that `GET /v1/riders/{id}` can show membership to partners whose riders
 * consented to it: each rider's record is replaced only by a newer version (an older
 * announcement, delivered late or again, never overwrites a newer one), with no read first.
 * An event from before consent existed shares nothing. Returns how many riders it recorded.
 */
export async function recordMemberships(riders: readonly RiderMembershipChangedV1Data[], ports: RecordMembershipPorts): Promise<number> {
  return ports.rosters.recordMemberships(riders.map((data) => ({ partnerId: data.partnerId, riderId: data.riderId, membership: membershipOf(data) })));
}
