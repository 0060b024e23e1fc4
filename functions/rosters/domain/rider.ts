import { envelope, type Envelope } from '../../../events/envelope.js';
import type { RiderMembershipChangedV1Data } from '../../../events/rider-membership-changed.v1.js';
import { RiderStatusChangedV2, type AnnouncedRider, type RiderStatusChangedV2Data } from '../../../events/rider-status-changed.v2.js';
import { inGroupsOf } from '../../../shared/concurrency.js';
import { nameUuid } from '../../../shared/ids.js';
import { maskMobile, maskName } from '../../../shared/identity/mask.js';
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
 * blind index of the ID number that lets the membership service recognise the person, and the
 * name and mobile masked, for the union staff who invite riders to join.
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
  /** Masked as staff lists show them (absent for riders stored before masks were kept). */
  maskedName?: string;
  maskedMobile?: string;
  /** The roster that last touched the rider, and what it did: a redelivered roster counts the same. */
  lastRosterId: string;
  lastChange: 'created' | 'updated' | 'unchanged' | 'departed';
  /**
   * Keyed fingerprint of the roster row the rider was last written from (see `fingerprintText`):
   * a row with the same fingerprint is unchanged without a write. Absent on riders stored before
   * fingerprints and on riders a snapshot departed.
   */
  rowFingerprint?: string;
  membership?: RiderMembership;
}

/** What a roster row reports of a rider, once the ID number is replaced by its blind index. */
export type Reported = Pick<Rider, 'riderId' | 'personIndex' | 'contactIndex' | 'status' | 'regionCode' | 'station' | 'occupation' | 'maskedName' | 'maskedMobile'> & { rowFingerprint: string };

/** `contactIndex` is the blind index of the row's name and mobile, which a verified joiner must match. */
export const reportedOf = (row: RosterRow, indexes: { personIndex: string; contactIndex: string; rowFingerprint: string }): Reported => ({
  ...indexes,
  riderId: row.riderId,
  status: row.status,
  regionCode: row.regionCode,
  station: row.station ?? null,
  occupation: row.occupation,
  maskedName: maskName(row.name),
  maskedMobile: maskMobile(row.mobile),
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

type Compared = Pick<Rider, 'personIndex' | 'contactIndex' | 'status' | 'regionCode' | 'station' | 'occupation'>;

const same = (a: Compared, b: Compared) =>
  a.personIndex === b.personIndex && a.contactIndex === b.contactIndex && a.status === b.status && a.regionCode === b.regionCode && a.station === b.station && a.occupation === b.occupation;

/** What a row or a snapshot's end did to a rider, as a roster counts it. */
export type ChangeKind = Rider['lastChange'];

/**
 * What a row did to its rider: `write` is the rider to store, when it must be written; `rider`
 * is the rider as it stands once written (or as it was, when nothing is written).
 */
export interface RowOutcome {
  kind: ChangeKind;
  rider?: Rider;
  write?: Rider;
}

/** The one place the data of a rider's announcement is built. */
export const riderAnnouncement = (rider: Rider, platform: string): AnnouncedRider => ({
  partnerId: rider.partnerId,
  platform,
  riderId: rider.riderId,
  personIndex: rider.personIndex,
  ...(rider.contactIndex ? { contactIndex: rider.contactIndex } : {}),
  status: rider.status,
  regionCode: rider.regionCode,
  station: rider.station,
  ...(rider.maskedName ? { maskedName: rider.maskedName } : {}),
  ...(rider.maskedMobile ? { maskedMobile: rider.maskedMobile } : {}),
});

/**
 * Riders written together, after their one announcement: an even two slices of 49 riders for
 * the membership service's transactions, and well inside an event's size.
 */
export const RIDERS_PER_WRITE = 98;

/** Whether other services must hear of a rider as it now stands: this roster created, updated or departed it. */
const changedBy = (rider: Rider, rosterId: string) => rider.lastRosterId === rosterId && rider.lastChange !== 'unchanged';

/**
 * The one announcement of a batch of riders, as they stand once written: every rider this
 * roster changed (including those an earlier attempt of the same batch wrote already), or none.
 * Its id is taken from the roster and the riders it names, so an attempt after a crash builds
 * the same announcement under the same id, and the outbox keeps it once.
 */
export function announcementOf(riders: readonly Rider[], context: { rosterId: string; platform: string; province: string; now: Date }): Envelope<RiderStatusChangedV2Data> | undefined {
  const changed = riders.filter((rider) => changedBy(rider, context.rosterId));
  if (changed.length === 0) return undefined;
  const id = nameUuid(`${context.rosterId}\n${changed.map((rider) => `${rider.riderId}:${rider.lastChange}`).join('\n')}`);
  return envelope(RiderStatusChangedV2, { riders: changed.map((rider) => riderAnnouncement(rider, context.platform)) }, { ...context, id });
}

/**
 * The text a row's fingerprint is taken of: every field, in a fixed order, so equal rows give
 * equal texts whatever order their fields came in.
 */
export const fingerprintText = (row: RosterRow): string =>
  JSON.stringify([row.riderId, row.name, row.mobile, row.idNumber, row.regionCode, row.occupation, row.station ?? null, row.status]);

/**
 * What a row did, when that is known before any blind index is computed: a rider this roster
 * already wrote (the chunk is being applied again) counts what it recorded; a rider whose stored
 * fingerprint is the row's is unchanged, and is not written at all. `undefined`: compare in full.
 */
export function settledWithoutIndexes(existing: Rider | undefined, rowFingerprint: string, rosterId: string): ChangeKind | undefined {
  if (!existing) return undefined;
  if (existing.lastRosterId === rosterId) return existing.lastChange;
  return existing.rowFingerprint === rowFingerprint ? 'unchanged' : undefined;
}

/**
 * What a reported row does to the rider the partner had: created, updated or unchanged.
 * Applied again by the same roster (a chunk delivered twice, or retried after a worker died),
 * it reports what it did the first time and writes nothing new. An unchanged rider is written
 * only when it lacks the row's fingerprint (stored before fingerprints), so the next snapshot
 * finds it unchanged without a write.
 */
export function applyRow(existing: Rider | undefined, reported: Reported, context: { partnerId: string; rosterId: string }): RowOutcome {
  const settled = settledWithoutIndexes(existing, reported.rowFingerprint, context.rosterId);
  if (settled) return { kind: settled, rider: existing };
  const kind = !existing ? 'created' : same(existing, reported) ? 'unchanged' : 'updated';
  const rider: Rider = { ...reported, partnerId: context.partnerId, lastRosterId: context.rosterId, lastChange: kind };
  return { kind, rider, write: rider };
}

/** What deciding a rider's departure reads of it. */
export type RiderStanding = Pick<Rider, 'riderId' | 'status' | 'lastRosterId' | 'lastChange'>;

/**
 * Whether a snapshot's end departs a rider, once every chunk is applied: a rider the snapshot
 * listed (`seen`) stays; an active one it left out departs; one this roster departed already
 * (an earlier attempt) counts again.
 */
export function departsBy(rider: RiderStanding, seen: ReadonlySet<string>, rosterId: string): boolean {
  if (seen.has(rider.riderId)) return false;
  return rider.lastRosterId === rosterId ? rider.lastChange === 'departed' : rider.status === 'active';
}

/**
 * What a snapshot's end does to one of the partner's riders (`departsBy`), and the rider to
 * write when it departs now. A departed rider loses its fingerprint, so a later snapshot that
 * lists it again compares it in full.
 */
export function departureOf(rider: Rider, seen: ReadonlySet<string>, { rosterId }: { rosterId: string }): { counts: boolean; rider: Rider; write?: Rider } {
  if (!departsBy(rider, seen, rosterId)) return { counts: false, rider };
  if (rider.lastRosterId === rosterId) return { counts: true, rider };
  const { rowFingerprint: _dropped, ...kept } = rider;
  const departed: Rider = { ...kept, status: 'departed', lastRosterId: rosterId, lastChange: 'departed' };
  return { counts: true, rider: departed, write: departed };
}

/**
 * Riders are spread over this many shards, by a stable hash of their id: a snapshot's departures
 * are found shard by shard in parallel, and a partner's riders never crowd one index partition.
 * Never change it: riders stored under another count would sit where no shard looks.
 */
export const RIDER_SHARDS = 16;

/** The shard of a rider id: FNV-1a of its UTF-16 code units, modulo the shard count. */
export function shardOf(riderId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < riderId.length; i++) {
    hash ^= riderId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % RIDER_SHARDS;
}

/** Rows (or riders) grouped by the shard of their rider, each group in their order (shards without any are absent). */
export function byShard<T extends { riderId: string }>(items: readonly T[]): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const item of items) {
    const shard = shardOf(item.riderId);
    const members = grouped.get(shard);
    if (members) members.push(item);
    else grouped.set(shard, [item]);
  }
  return grouped;
}

/** Items cut into the batches of `RIDERS_PER_WRITE` that are announced and written together, in their order. */
export const inWriteBatches = <T>(items: readonly T[]): T[][] => inGroupsOf(items, RIDERS_PER_WRITE);

/** The last row of each rider wins within a chunk: one write per rider. */
export const latestPerRider = (rows: RosterRow[]): RosterRow[] => [...new Map(rows.map((row) => [row.riderId, row])).values()];
