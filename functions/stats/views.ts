import { z } from 'zod';
import { STATIONS_SHOWN, type OrgNode, type RegionCoverage, type StationCoverage, type Target } from './domain/org-stats.js';

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
    rosters: z.strictObject({
      riders: z.number().int(),
      ridersWhoAreMembers: z.number().int(),
      coverage: z.number(),
      byStation: z
        .array(z.strictObject({ regionCode: z.string(), station: z.string(), riders: z.number().int(), ridersWhoAreMembers: z.number().int(), coverage: z.number() }))
        .meta({ description: `Coverage per station (驿站) in the org's region: the ${STATIONS_SHOWN} stations with the most rostered riders who are not members, most first` }),
    }),
    fairs: z.strictObject({ count: z.number().int(), intentions: z.number().int() }).meta({ description: 'Job fairs of the org and its subtree starting this year, and their hiring intentions' }),
    serviceStations: z.strictObject({ count: z.number().int() }).meta({ description: 'Service stations (驿站) of the org and its subtree' }),
    wishes: z
      .strictObject({
        fulfilled: z.number().int(),
        fulfilledByMonth: z.array(z.number().int()).length(12).meta({ description: 'The same wishes by the month they were fulfilled in Asia/Shanghai, January first' }),
        valueFen: z.number().int(),
        fundedByUnionFen: z.number().int(),
      })
      .meta({ description: 'Micro-wishes of the org and its subtree fulfilled this year, their value, and the part the union paid from campaign budgets' }),
    helpRequests: z
      .strictObject({ byStatus: CountsSchema, byCategory: CountsSchema, recoveredFen: z.number().int(), aidFen: z.number().int() })
      .meta({ description: 'Help requests handled in the org and its subtree, by status and by category; money recovered and hardship aid paid this year' }),
  })
  .meta({ id: 'OrgStats' });

export const TargetSchema = z.strictObject({ orgId: z.string(), year: z.number().int(), members: z.number().int() }).meta({ id: 'Target' });

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));

/** Members among riders, to four decimals (0 without riders). */
const coverageOf = ({ riders, ridersWhoAreMembers }: RegionCoverage) => (riders > 0 ? Math.round((ridersWhoAreMembers / riders) * 10_000) / 10_000 : 0);

/** The `GET /v1/orgs/{orgId}/stats` answer for what `orgStats` read. */
export function statsView({ node, target, rosters, stations, year }: { node: OrgNode; target: Target | undefined; rosters: RegionCoverage; stations: StationCoverage[]; year: number }): z.infer<typeof OrgStatsSchema> {
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
    // Coverage of the riders partners roster in the org's region.
    rosters: {
      ...rosters,
      coverage: coverageOf(rosters),
      byStation: stations.map((station) => ({ ...station, coverage: coverageOf(station) })),
    },
    fairs: { count: count(`fairs#${year}`), intentions: count(`fairIntentions#${year}`) },
    serviceStations: { count: count('stations') },
    wishes: {
      fulfilled: count(`wishesFulfilled#${year}`),
      fulfilledByMonth: MONTHS.map((month) => count(`wishesFulfilledMonth#${year}-${month}`)),
      valueFen: count(`wishValueFen#${year}`),
      fundedByUnionFen: count(`wishUnionFundedFen#${year}`),
    },
    helpRequests: {
      byStatus: breakdown(node.counters, 'helpStatus'),
      byCategory: breakdown(node.counters, 'helpCategory'),
      recoveredFen: count(`helpRecoveredFen#${year}`),
      aidFen: count(`helpAidFen#${year}`),
    },
  };
}
