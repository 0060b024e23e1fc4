import { envelope, type Envelope } from '../../../events/envelope.js';
import { RiderMembershipChangedV1, type RiderMembershipChangedV1Data } from '../../../events/rider-membership-changed.v1.js';
import type { RiderStatusChangedV1Data } from '../../../events/rider-status-changed.v1.js';

/** The membership service's copy of a partner's roster row, keyed by the person's blind index. */
export interface RosteredRow {
  personIndex: string;
  partnerId: string;
  riderId: string;
  platform: string;
  status: 'active' | 'departed';
  regionCode: string;
  /** When the rosters service announced this state: an older announcement never wins. */
  occurredAt: string;
  /** Grows with every coverage announcement about this row, across deletions too (it is a clock). */
  coverageVersion: number;
}

export const nextCoverageVersion = (previous: number | undefined, now: Date): number => Math.max((previous ?? 0) + 1, now.getTime());

/** The row a rider announcement leaves, or undefined when the stored row is newer. */
export function rowFromAnnouncement(stored: RosteredRow | undefined, data: RiderStatusChangedV1Data, occurredAt: string, now: Date): RosteredRow | undefined {
  if (stored && stored.occurredAt > occurredAt) return undefined;
  return {
    personIndex: data.personIndex,
    partnerId: data.partnerId,
    riderId: data.riderId,
    platform: data.platform,
    status: data.status,
    regionCode: data.regionCode,
    occurredAt,
    coverageVersion: nextCoverageVersion(stored?.coverageVersion, now),
  };
}

/** Tells other services whether this rider is rostered and a member, at the row's version. */
export function announceCoverage(row: RosteredRow, isMember: boolean, province: string, now: Date): Envelope<RiderMembershipChangedV1Data> {
  return envelope(
    RiderMembershipChangedV1,
    { partnerId: row.partnerId, riderId: row.riderId, regionCode: row.regionCode, rostered: row.status === 'active', isMember, version: row.coverageVersion },
    { province, now },
  );
}
