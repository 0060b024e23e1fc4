import { z } from 'zod';
import type { HelpRequestChangedV1Data } from '../../../events/help-request-changed.v1.js';
import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import type { ScopedOrg } from '../../../shared/auth/org-scope.js';
import { regionPrefix } from '../../../shared/region.js';
import { inShanghai, yearInShanghai } from '../../../shared/wall-clock.js';

/**
 * The stats service's picture of an org: its place in the tree (for authorization and
 * roll-ups) and counters that membership events add to. Counters are flat attributes so that
 * DynamoDB's ADD can move each one atomically: `active`, `pending`, `subtreeActive`,
 * `subtreePending`, and for active members `occupation#<x>`, `platform#<x>`, `source#<x>`.
 */
export interface OrgNode extends ScopedOrg {
  regionCode: string;
  counters: Record<string, number>;
}

/** A partner rider as coverage counts it: where (and at which station), whether on an active roster, whether a member. */
export interface RiderCoverage {
  regionCode: string;
  /** The station (驿站) the roster places the rider at; absent or null when it names none. */
  station?: string | null;
  rostered: boolean;
  isMember: boolean;
  version: number;
}

/** Riders on active rosters, and how many of them are members, within a region prefix. */
export interface RegionCoverage {
  riders: number;
  ridersWhoAreMembers: number;
}

/** The same for one station of a district. */
export interface StationCoverage extends RegionCoverage {
  regionCode: string;
  station: string;
}

/** A counter that coverage moves: a region prefix's, or one of its stations' (counted at every prefix of the station's district). */
export interface CoverageCounter {
  prefix: string;
  station?: { regionCode: string; name: string };
}

export interface CoverageDelta extends RegionCoverage {
  counter: CoverageCounter;
}

/** The region prefixes a code rolls up to: `350203` counts for `35`, `3502` and `350203`. */
const prefixesOf = (regionCode: string) => [...new Set([regionCode.slice(0, 2), regionCode.slice(0, 4), regionPrefix(regionCode)])];

/** The counters a rider counts in: its region's prefixes and, when it has a station, the station at each of them. */
function countersOf(rider: RiderCoverage): Map<string, CoverageCounter> {
  const counters = new Map<string, CoverageCounter>();
  for (const prefix of prefixesOf(rider.regionCode)) {
    counters.set(prefix, { prefix });
    if (rider.station) counters.set(`${prefix}\u001f${rider.regionCode}\u001f${rider.station}`, { prefix, station: { regionCode: rider.regionCode, name: rider.station } });
  }
  return counters;
}

/**
 * How a rider's new state moves the coverage counters, by a key naming each counter: its old
 * contribution is taken away and the new one added, at every prefix of its region and, with a
 * station, at the station's counter of each prefix. Only newer versions move anything.
 */
export function coverageDeltas(stored: RiderCoverage | undefined, next: RiderCoverage): Map<string, CoverageDelta> | undefined {
  if (stored && stored.version >= next.version) return undefined;
  const deltas = new Map<string, CoverageDelta>();
  const add = (rider: RiderCoverage | undefined, sign: 1 | -1) => {
    if (!rider?.rostered) return;
    for (const [key, counter] of countersOf(rider)) {
      const delta = deltas.get(key) ?? { counter, riders: 0, ridersWhoAreMembers: 0 };
      delta.riders += sign;
      if (rider.isMember) delta.ridersWhoAreMembers += sign;
      deltas.set(key, delta);
    }
  };
  add(stored, -1);
  add(next, 1);
  for (const [key, delta] of deltas) if (delta.riders === 0 && delta.ridersWhoAreMembers === 0) deltas.delete(key);
  return deltas;
}

/** Adds a rider's deltas to those of the riders recorded with it. */
export function addDeltas(into: Map<string, CoverageDelta>, deltas: ReadonlyMap<string, CoverageDelta>): void {
  for (const [key, delta] of deltas) {
    const sum = into.get(key) ?? { counter: delta.counter, riders: 0, ridersWhoAreMembers: 0 };
    into.set(key, { counter: sum.counter, riders: sum.riders + delta.riders, ridersWhoAreMembers: sum.ridersWhoAreMembers + delta.ridersWhoAreMembers });
  }
}

/** How many stations an org's stats list: those with the most riders still to invite. */
export const STATIONS_SHOWN = 100;

/** The stations with riders, most riders who are not members first (ties by name), at most `STATIONS_SHOWN`. */
export function stationsToShow(stations: readonly StationCoverage[]): StationCoverage[] {
  const toInvite = (station: StationCoverage) => station.riders - station.ridersWhoAreMembers;
  return stations
    .filter((station) => station.riders > 0)
    .sort((a, b) => toInvite(b) - toInvite(a) || (a.regionCode + a.station).localeCompare(b.regionCode + b.station))
    .slice(0, STATIONS_SHOWN);
}

export interface Target {
  year: number;
  members: number;
}

/** Counter changes for one org, e.g. `{ pending: -1, active: 1, 'occupation#courier': 1 }`. */
export interface OrgDelta {
  orgId: string;
  counts: Record<string, number>;
}

const COUNTED = new Set(['pending', 'active']);

/**
 * What a membership's move does to the counters: the old placement is taken away and the new
 * one added, on its org and, for the subtree figures, on the org and every ancestor. Additions
 * commute, so the counters converge whatever order the events arrive in.
 */
export function membershipDeltas(change: MembershipStatusChangedV1Data): OrgDelta[] {
  return collectDeltas((add) => {
    const place = (placement: MembershipStatusChangedV1Data['from'], sign: 1 | -1) => {
      if (!placement || !COUNTED.has(placement.status)) return;
      const subtreeCounter = placement.status === 'active' ? 'subtreeActive' : 'subtreePending';
      add([placement.orgId], placement.status, sign);
      add([placement.orgId, ...placement.ancestors], subtreeCounter, sign);
      if (placement.status !== 'active') return;
      add([placement.orgId], `occupation#${change.occupation}`, sign);
      add([placement.orgId], `source#${change.joinSource}`, sign);
      for (const platform of change.platforms) add([placement.orgId], `platform#${platform}`, sign);
    };
    place(change.from, -1);
    place(change.to, 1);
  });
}

type AddDelta = (orgIds: readonly string[], counter: string, delta: number) => void;

/** The counter changes `fill` adds up, per org, leaving out those that cancel out. */
function collectDeltas(fill: (add: AddDelta) => void): OrgDelta[] {
  const byOrg = new Map<string, Record<string, number>>();
  fill((orgIds, counter, delta) => {
    for (const orgId of orgIds) {
      const counts = byOrg.get(orgId) ?? {};
      counts[counter] = (counts[counter] ?? 0) + delta;
      byOrg.set(orgId, counts);
    }
  });
  return [...byOrg.entries()]
    .map(([orgId, counts]) => ({ orgId, counts: Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0)) }))
    .filter((delta) => Object.keys(delta.counts).length > 0);
}

/** The calendar year of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export const yearInChina = (instant: string) => yearInShanghai(new Date(instant));

/** The calendar month of an instant in Asia/Shanghai, `YYYY-MM`. */
export const monthInChina = (instant: string) => inShanghai(new Date(instant)).toISOString().slice(0, 7);

/** The same counter changes on an org and on every ancestor (subtree figures). */
const onOrgAndAncestors = (org: { orgId: string; ancestors: string[] }, counts: Record<string, number>): OrgDelta[] =>
  [org.orgId, ...org.ancestors].map((orgId) => ({ orgId, counts }));

/**
 * A fair, or a hiring intention at one, counted for the year the fair starts on the organizing
 * org and every ancestor (subtree figures): `fairs#<year>`, `fairIntentions#<year>`.
 */
export function fairDeltas(counter: 'fairs' | 'fairIntentions', fair: { orgId: string; ancestors: string[]; startsAt: string }): OrgDelta[] {
  return onOrgAndAncestors(fair, { [`${counter}#${yearInChina(fair.startsAt)}`]: 1 });
}

/** A service station registered, counted on its org and every ancestor: `stations`. */
export const stationDeltas = (station: { orgId: string; ancestors: string[] }): OrgDelta[] => onOrgAndAncestors(station, { stations: 1 });

/**
 * A fulfilled micro-wish, counted for the year it was fulfilled on the campaign's org and every
 * ancestor: `wishesFulfilled#<year>` and, for the console's chart, `wishesFulfilledMonth#<YYYY-MM>`;
 * its value `wishValueFen#<year>`, and of that value what the union paid from a campaign budget,
 * `wishUnionFundedFen#<year>`.
 */
export function wishFulfilledDeltas(wish: { orgId: string; ancestors: string[]; valueFen: number; claimKind: 'donor' | 'union'; fulfilledAt: string }): OrgDelta[] {
  const year = yearInChina(wish.fulfilledAt);
  return onOrgAndAncestors(wish, {
    [`wishesFulfilled#${year}`]: 1,
    [`wishesFulfilledMonth#${monthInChina(wish.fulfilledAt)}`]: 1,
    [`wishValueFen#${year}`]: wish.valueFen,
    ...(wish.claimKind === 'union' ? { [`wishUnionFundedFen#${year}`]: wish.valueFen } : {}),
  });
}

/**
 * What a help request's move does to the counters of the org handling it and every ancestor
 * (subtree figures): its old placement taken away and the new one added, by status
 * (`helpStatus#<status>`) and by category (`helpCategory#<category>`); on resolution, the money
 * recovered and the aid paid in the year it happened (`helpRecoveredFen#<year>`, `helpAidFen#<year>`).
 */
export function helpDeltas(change: HelpRequestChangedV1Data, occurredAt: string): OrgDelta[] {
  return collectDeltas((add) => {
    const place = (placement: HelpRequestChangedV1Data['from'], sign: 1 | -1) => {
      if (!placement) return;
      const orgIds = [placement.orgId, ...placement.ancestors];
      add(orgIds, `helpStatus#${placement.status}`, sign);
      add(orgIds, `helpCategory#${change.category}`, sign);
    };
    place(change.from, -1);
    place(change.to, 1);
    const year = yearInChina(occurredAt);
    const resolvedIn = [change.to.orgId, ...change.to.ancestors];
    if (change.recoveredFen) add(resolvedIn, `helpRecoveredFen#${year}`, change.recoveredFen);
    if (change.aidFen) add(resolvedIn, `helpAidFen#${year}`, change.aidFen);
  });
}
