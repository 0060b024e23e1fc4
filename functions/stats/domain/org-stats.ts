import { z } from 'zod';
import type { MembershipStatusChangedV1Data } from '../../../events/membership-status-changed.v1.js';
import type { ScopedOrg } from '../../../shared/auth/org-scope.js';

/**
 * The stats service's picture of an org: its place in the tree (for authorization and
 * roll-ups) and counters that membership events add to. Counters are flat attributes so that
 * DynamoDB's ADD can move each one atomically: `active`, `pending`, `subtreeActive`,
 * `subtreePending`, and for active members `occupation#<x>`, `platform#<x>`, `source#<x>`.
 */
export interface OrgNode extends ScopedOrg {
  counters: Record<string, number>;
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
  const byOrg = new Map<string, Record<string, number>>();
  const add = (orgId: string, counter: string, delta: number) => {
    const counts = byOrg.get(orgId) ?? {};
    counts[counter] = (counts[counter] ?? 0) + delta;
    byOrg.set(orgId, counts);
  };
  const place = (placement: MembershipStatusChangedV1Data['from'], sign: 1 | -1) => {
    if (!placement || !COUNTED.has(placement.status)) return;
    const subtreeCounter = placement.status === 'active' ? 'subtreeActive' : 'subtreePending';
    add(placement.orgId, placement.status, sign);
    for (const orgId of [placement.orgId, ...placement.ancestors]) add(orgId, subtreeCounter, sign);
    if (placement.status !== 'active') return;
    add(placement.orgId, `occupation#${change.occupation}`, sign);
    add(placement.orgId, `source#${change.joinSource}`, sign);
    for (const platform of change.platforms) add(placement.orgId, `platform#${platform}`, sign);
  };
  place(change.from, -1);
  place(change.to, 1);
  return [...byOrg.entries()]
    .map(([orgId, counts]) => ({ orgId, counts: Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0)) }))
    .filter((delta) => Object.keys(delta.counts).length > 0);
}

const breakdown = (counters: Record<string, number>, prefix: string) =>
  Object.fromEntries(
    Object.entries(counters)
      .filter(([name, count]) => name.startsWith(`${prefix}#`) && count > 0)
      .map(([name, count]) => [name.slice(prefix.length + 1), count]),
  );

const CountsSchema = z.record(z.string(), z.number().int());

export const OrgStatsSchema = z
  .strictObject({
    orgId: z.string(),
    members: z.strictObject({ active: z.number().int(), pending: z.number().int(), byOccupation: CountsSchema, byPlatform: CountsSchema, bySource: CountsSchema }),
    subtree: z.strictObject({ active: z.number().int(), pending: z.number().int() }),
    target: z.strictObject({ year: z.number().int(), members: z.number().int(), progress: z.number() }).nullable(),
    rosters: z.null(),
  })
  .meta({ id: 'OrgStats' });

export const TargetSchema = z.strictObject({ orgId: z.string(), year: z.number().int(), members: z.number().int() }).meta({ id: 'Target' });

/** The `GET /v1/orgs/{orgId}/stats` answer for a node and its target for the year, if set. */
export function statsView(node: OrgNode, target: Target | undefined): z.infer<typeof OrgStatsSchema> {
  const count = (name: string) => node.counters[name] ?? 0;
  const subtreeActive = count('subtreeActive');
  return {
    orgId: node.id,
    members: {
      active: count('active'),
      pending: count('pending'),
      byOccupation: breakdown(node.counters, 'occupation'),
      byPlatform: breakdown(node.counters, 'platform'),
      bySource: breakdown(node.counters, 'source'),
    },
    subtree: { active: subtreeActive, pending: count('subtreePending') },
    target: target
      ? { year: target.year, members: target.members, progress: target.members > 0 ? Math.round((subtreeActive / target.members) * 10_000) / 10_000 : 0 }
      : null,
    // Roster coverage ({riders, ridersWhoAreMembers, coverage}) is not projected yet: null says
    // "unknown", where zeros would claim that no rider is a member.
    rosters: null,
  };
}
