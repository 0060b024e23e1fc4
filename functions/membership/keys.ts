import { OUTBOX_PREFIX } from '../../shared/dynamo.js';

/** Key shapes of the memberships table, in one place. */
export const membershipKey = (membershipId: string) => ({ pk: `MEMBERSHIP#${membershipId}`, sk: 'MEMBERSHIP' });

/** One live membership per person: keyed by the blind index of the ID number, never the number. */
export const personKey = (blindIndex: string) => ({ pk: `PERSON#${blindIndex}`, sk: 'PERSON' });

/** A worker account's latest membership, and the guard of one live membership per account. */
export const workerKey = (workerId: string) => ({ pk: `WORKER#${workerId}`, sk: 'WORKER' });

export const orgKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
export const transferKey = (transferId: string) => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' });

/** Member numbers run per year without gaps: one counter item per year. */
export const memberNoCounterKey = (year: number) => ({ pk: 'COUNTER#MEMBERNO', sk: String(year) });

/** Sort key of the `membershipsByOrg` index: lists filter by status and run oldest first. */
export const orgListKey = (status: string, createdAt: string, membershipId: string) => `${status}#${createdAt}#${membershipId}`;

/** A partner roster row naming a person (by blind index): the rosters service's events keep it current. */
export const ROSTERED_PREFIX = 'ROSTERED#';
export const rosteredKey = (personIndex: string, partnerId: string, riderId: string) => ({ pk: `${ROSTERED_PREFIX}${personIndex}`, sk: `${partnerId}#${riderId}` });

/**
 * The invitations index holds the roster rows to invite, a partition per city (the first four
 * digits of the region code), sorted by district, station, partner and rider, so a district or
 * one of its stations is a key prefix. Names cannot hold control characters: the separator is one.
 */
const SEPARATOR = '\u001f';
export const invitationArea = (regionCode: string) => `INVITE#${regionCode.slice(0, 4)}`;
export const invitationKey = (row: { regionCode: string; station?: string | null; partnerId: string; riderId: string }) =>
  [row.regionCode, row.station ?? '', row.partnerId, row.riderId].join(SEPARATOR);
/** The key prefix of a district's rows to invite, or of one station's (`null`: the riders at none). */
export const invitationPrefix = (district: string, station?: string | null) => [district, ...(station === undefined ? [] : [station ?? ''])].join(SEPARATOR) + SEPARATOR;

/** A mobile verification (one SMS code). */
export const verificationKey = (verificationId: string) => ({ pk: `VERIFICATION#${verificationId}`, sk: 'VERIFICATION' });

/** When the next code may go to a worker or a mobile, by blind index. */
export const resendGuardKey = (index: string) => ({ pk: `SMSWAIT#${index}`, sk: 'SMSWAIT' });

/** Refused joins of one worker, or one pair of ID number and worker, on one UTC day, by blind index. */
export const probeCounterKey = (index: string, day: string) => ({ pk: `PROBES#${index}`, sk: day });

/** A revoked join link: joins check its absence in their transaction. */
export const revokedLinkKey = (linkId: string) => ({ pk: `REVOKED#${linkId}`, sk: 'LINK' });

/** An outbox item this table holds (see `outboxPut`): erasure deletes the ones that name the worker. */
export const outboxKey = (eventId: string) => ({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' });
