import { envelope, type Envelope } from '../../../events/envelope.js';
import type { RiderMembershipChangedV1Data } from '../../../events/rider-membership-changed.v1.js';
import { RiderStatusChangedV1, type RiderStatusChangedV1Data } from '../../../events/rider-status-changed.v1.js';
import type { Occupation } from '../../../shared/occupations.js';
import type { RosterRow } from './chunk.js';

/** What the membership service last said of a rider (at `version`, which only grows). */
export interface RiderMembership {
  isMember: boolean;
  /** Whether the member lets partner platforms see their membership. */
  sharedWithPlatforms: boolean;
  version: number;
}

/**
 * A partner's rider as the rosters service keeps it: no name, mobile or ID number, only the
 * blind index of the ID number that lets the membership service recognise the person.
 */
export interface Rider {
  partnerId: string;
  riderId: string;
  personIndex: string;
  /** Blind index of the rider's name and mobile together (absent for riders stored before it existed). */
  contactIndex?: string;
  status: 'active' | 'departed';
  regionCode: string;
  station: string | null;
  occupation: Occupation;
  /** The roster that last touched the rider, and what it did: a redelivered roster counts the same. */
  lastRosterId: string;
  lastChange: 'created' | 'updated' | 'unchanged' | 'departed';
  membership?: RiderMembership;
}

/** What a roster row reports of a rider, once the ID number is replaced by its blind index. */
export type Reported = Pick<Rider, 'riderId' | 'personIndex' | 'contactIndex' | 'status' | 'regionCode' | 'station' | 'occupation'>;

/** `contactIndex` is the blind index of the row's name and mobile, which a verified joiner must match. */
export const reportedOf = (row: RosterRow, personIndex: string, contactIndex: string): Reported => ({
  riderId: row.riderId,
  personIndex,
  contactIndex,
  status: row.status,
  regionCode: row.regionCode,
  station: row.station ?? null,
  occupation: row.occupation,
});

/**
 * Whether a partner may see that its rider is a member: only with the member's consent to share
 * it with platforms; otherwise (no consent, or nothing known) `null`, which says nothing either way.
 */
export const visibleMembership = (rider: Rider): boolean | null => (rider.membership?.sharedWithPlatforms === true ? rider.membership.isMember : null);

/** The membership a RiderMembershipChanged announces; an event from before consent existed shares nothing. */
export const membershipOf = (data: Pick<RiderMembershipChangedV1Data, 'isMember' | 'sharedWithPlatforms' | 'version'>): RiderMembership => ({
  isMember: data.isMember,
  sharedWithPlatforms: data.sharedWithPlatforms === true,
  version: data.version,
});

const same = (a: Reported, b: Reported) =>
  a.personIndex === b.personIndex && a.contactIndex === b.contactIndex && a.status === b.status && a.regionCode === b.regionCode && a.station === b.station && a.occupation === b.occupation;

export interface RiderChange {
  rider: Rider;
  kind: Rider['lastChange'];
  /** Present when other services must hear of it. */
  event?: Envelope<RiderStatusChangedV1Data>;
}

/** The one place the data of a rider's announcement is built. */
export const riderAnnouncement = (rider: Rider, platform: string): RiderStatusChangedV1Data => ({
  partnerId: rider.partnerId,
  platform,
  riderId: rider.riderId,
  personIndex: rider.personIndex,
  ...(rider.contactIndex ? { contactIndex: rider.contactIndex } : {}),
  status: rider.status,
  regionCode: rider.regionCode,
  station: rider.station,
});

const announce = (rider: Rider, platform: string, province: string, now: Date) => envelope(RiderStatusChangedV1, riderAnnouncement(rider, platform), { province, now });

/**
 * What a reported row does to the rider the partner had: created, updated or unchanged. Applied
 * twice by the same roster (a redelivery), it reports what it did the first time and announces
 * nothing new.
 */
export function applyRow(
  existing: Rider | undefined,
  reported: Reported,
  context: { partnerId: string; platform: string; rosterId: string; province: string; now: Date },
): RiderChange {
  if (existing?.lastRosterId === context.rosterId) return { rider: existing, kind: existing.lastChange };
  const kind = !existing ? 'created' : same(existing, reported) ? 'unchanged' : 'updated';
  const rider: Rider = { ...reported, partnerId: context.partnerId, lastRosterId: context.rosterId, lastChange: kind, ...(existing?.membership ? { membership: existing.membership } : {}) };
  return kind === 'unchanged' ? { rider, kind } : { rider, kind, event: announce(rider, context.platform, context.province, context.now) };
}

/** In a snapshot, an active rider the snapshot left out has departed. */
export function departAbsent(
  rider: Rider,
  context: { platform: string; rosterId: string; province: string; now: Date },
): RiderChange | undefined {
  if (rider.lastRosterId === context.rosterId || rider.status !== 'active') return undefined;
  const departed: Rider = { ...rider, status: 'departed', lastRosterId: context.rosterId, lastChange: 'departed' };
  return { rider: departed, kind: 'departed', event: announce(departed, context.platform, context.province, context.now) };
}

/** The last row of each rider wins within a chunk: one write per rider. */
export const latestPerRider = (rows: RosterRow[]): RosterRow[] => [...new Map(rows.map((row) => [row.riderId, row])).values()];
