import { z } from 'zod';
import { envelope, type Envelope } from '../../../events/envelope.js';
import { RiderStatusChangedV1, type RiderStatusChangedV1Data } from '../../../events/rider-status-changed.v1.js';
import type { Occupation } from '../../../shared/occupations.js';

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
  /** Whether the rider is an active union member, as the membership service last said (at `memberVersion`). */
  isMember?: boolean;
  memberVersion?: number;
}

export const RiderViewSchema = z
  .strictObject({ riderId: z.string(), status: z.enum(['active', 'departed']), regionCode: z.string(), station: z.string().nullable(), isMember: z.boolean() })
  .meta({ id: 'Rider' });

/** What a partner sees of its own rider: never the person's data, only where and whether a member. */
export const riderView = (rider: Rider): z.infer<typeof RiderViewSchema> => ({
  riderId: rider.riderId,
  status: rider.status,
  regionCode: rider.regionCode,
  station: rider.station,
  isMember: rider.isMember ?? false,
});

type Reported = Pick<Rider, 'riderId' | 'personIndex' | 'contactIndex' | 'status' | 'regionCode' | 'station' | 'occupation'>;

const same = (a: Reported, b: Reported) =>
  a.personIndex === b.personIndex && a.contactIndex === b.contactIndex && a.status === b.status && a.regionCode === b.regionCode && a.station === b.station && a.occupation === b.occupation;

export interface RiderChange {
  rider: Rider;
  kind: Rider['lastChange'];
  /** Present when other services must hear of it. */
  event?: Envelope<RiderStatusChangedV1Data>;
}

const announce = (rider: Rider, platform: string, province: string, now: Date) =>
  envelope(
    RiderStatusChangedV1,
    {
      partnerId: rider.partnerId,
      platform,
      riderId: rider.riderId,
      personIndex: rider.personIndex,
      ...(rider.contactIndex ? { contactIndex: rider.contactIndex } : {}),
      status: rider.status,
      regionCode: rider.regionCode,
      station: rider.station,
    },
    { province, now },
  );

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
  const rider: Rider = { ...reported, partnerId: context.partnerId, lastRosterId: context.rosterId, lastChange: kind };
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
