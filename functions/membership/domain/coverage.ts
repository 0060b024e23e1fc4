import { envelope, type Envelope } from '../../../events/envelope.js';
import { RiderMembershipChangedV2, type CoveredRider, type RiderMembershipChangedV2Data } from '../../../events/rider-membership-changed.v2.js';
import type { AnnouncedRider } from '../../../events/rider-status-changed.v2.js';
import { timingSafeEqualText } from '../../../shared/crypto/compare.js';
import type { Exposure } from './membership.js';

/** The membership service's copy of a partner's roster row, keyed by the person's blind index. */
export interface RosteredRow {
  personIndex: string;
  /** Blind index of the rider's name and mobile together, as the roster has them (absent in old rows). */
  contactIndex?: string;
  partnerId: string;
  riderId: string;
  platform: string;
  status: 'active' | 'departed';
  regionCode: string;
  /** The station (驿站) the roster places the rider at; absent in rows stored before stations were kept. */
  station?: string | null;
  /** Masked as staff lists show them, for invitations (absent when the roster had none to give). */
  maskedName?: string;
  maskedMobile?: string;
  /**
   * Whether the person was an active member when the row was last announced: an active row of a
   * non-member is one to invite. Absent in rows stored before invitations existed.
   */
  isMember?: boolean;
  /** When the rosters service announced this state: an older announcement never wins. */
  occurredAt: string;
  /** Grows with every coverage announcement about this row, across deletions too (it is a clock). */
  coverageVersion: number;
}

/** A row to write (or, on erasure, delete) on the condition that its version is still `expectedVersion`. */
export interface CoverageWrite {
  row: RosteredRow;
  expectedVersion: number;
  remove: boolean;
}

export const nextCoverageVersion = (previous: number | undefined, now: Date): number => Math.max((previous ?? 0) + 1, now.getTime());

/** The row a rider announcement leaves, or undefined when the stored row is newer. */
export function rowFromAnnouncement(stored: RosteredRow | undefined, data: AnnouncedRider, occurredAt: string, now: Date): RosteredRow | undefined {
  if (stored && stored.occurredAt > occurredAt) return undefined;
  return {
    personIndex: data.personIndex,
    ...(data.contactIndex ? { contactIndex: data.contactIndex } : {}),
    partnerId: data.partnerId,
    riderId: data.riderId,
    platform: data.platform,
    status: data.status,
    regionCode: data.regionCode,
    station: data.station,
    ...(data.maskedName ? { maskedName: data.maskedName } : {}),
    ...(data.maskedMobile ? { maskedMobile: data.maskedMobile } : {}),
    occurredAt,
    coverageVersion: nextCoverageVersion(stored?.coverageVersion, now),
  };
}

/**
 * What other services may know of a rider: whether rostered and a member, at the row's version,
 * and whether the member lets partner platforms see it (partners see `isMember` only then).
 */
export const coverageOf = (row: RosteredRow, exposure: Exposure): CoveredRider => ({
  partnerId: row.partnerId,
  riderId: row.riderId,
  regionCode: row.regionCode,
  ...(row.station !== undefined ? { station: row.station } : {}),
  rostered: row.status === 'active',
  isMember: exposure.isMember,
  sharedWithPlatforms: exposure.shared,
  version: row.coverageVersion,
});

/** The one announcement of the rows written together (none for none). */
export function announceCoverage(rows: readonly { row: RosteredRow; exposure: Exposure }[], province: string, now: Date): Envelope<RiderMembershipChangedV2Data>[] {
  if (rows.length === 0) return [];
  return [envelope(RiderMembershipChangedV2, { riders: rows.map(({ row, exposure }) => coverageOf(row, exposure)) }, { province, now })];
}

/**
 * The platforms on whose active rosters the joiner is, by ID number (the rows are the person's)
 * and by name and mobile together: an ID number alone proves nothing, since numbers leak.
 * Without a verified mobile (`contactIndex` undefined) nothing matches.
 */
export function matchingPlatforms(rows: readonly RosteredRow[], contactIndex: string | undefined): string[] {
  if (!contactIndex) return [];
  const matching = rows.filter((row) => row.status === 'active' && row.contactIndex !== undefined && timingSafeEqualText(row.contactIndex, contactIndex));
  return [...new Set(matching.map((row) => row.platform))].sort();
}

/**
 * When what partners and the figures may learn of a person changes (or the person is erased),
 * every roster row of the person is re-announced at a new version (in one event), each written on the
 * condition that nobody changed it meanwhile; on erasure the rows are deleted after a last
 * announcement that says "not a member".
 */
export function coverageChanges(
  rows: readonly RosteredRow[],
  before: Exposure,
  after: Exposure,
  context: { province: string; now: Date; erase?: boolean },
): { writes: CoverageWrite[]; events: Envelope<RiderMembershipChangedV2Data>[] } {
  const erase = context.erase ?? false;
  const unchanged = before.isMember === after.isMember && before.shared === after.shared;
  if (unchanged && !erase) return { writes: [], events: [] };
  const announced: Exposure = erase ? { isMember: false, shared: false } : after;
  const writes = rows.map((stored) => ({
    row: { ...stored, isMember: announced.isMember, coverageVersion: nextCoverageVersion(stored.coverageVersion, context.now) },
    expectedVersion: stored.coverageVersion,
    remove: erase,
  }));
  return { writes, events: announceCoverage(writes.map(({ row }) => ({ row, exposure: announced })), context.province, context.now) };
}

/**
 * Whether union staff should invite the rider of this row: on an active roster and, when last
 * announced, not an active member (a pending applicant is still listed: approving is the next
 * step). Rows stored before membership was kept on them are not listed until announced again.
 */
export const isToInvite = (row: RosteredRow): boolean => row.status === 'active' && row.isMember === false;
