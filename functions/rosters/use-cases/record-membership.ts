import type { RiderMembershipChangedV1Data } from '../../../events/rider-membership-changed.v1.js';
import { membershipOf } from '../domain/rider.js';
import type { RosterRepository } from '../repository.js';

export interface RecordMembershipPorts {
  rosters: Pick<RosterRepository, 'recordMembership'>;
}

/**
 * Keeps what the membership service says of a partner's rider, so that `GET /v1/riders/{id}`
 * can show membership to partners whose riders consented to it.
 *
 * 1. Read the membership the event announces (an event from before consent existed shares nothing).
 * 2. Record it on the rider, on condition the rider exists and holds no newer version: an older
 *    announcement, delivered late or again, never overwrites a newer one.
 */
export async function recordMembership(data: RiderMembershipChangedV1Data, ports: RecordMembershipPorts): Promise<boolean> {
  return ports.rosters.recordMembership(data.partnerId, data.riderId, membershipOf(data));
}
