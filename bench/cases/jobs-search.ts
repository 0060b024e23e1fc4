/**
 * Jobs cases of `npm run bench`:
 * 1. Search: p95 of the search use case over 50,000 postings (300 in `--quick`), against the p95
 *    of one plain DynamoDB Query of a page on the same DynamoDB Local in the same run (goal ≤ 2).
 * 2. Matching: the seekers the matcher reads for a new posting once the province has ten times
 *    more seekers in other trades and cities, against what it read before they came: the work
 *    follows the seekers who can fit, not all seekers (goal ≤ 1.2).
 * Both write and read through the service's repositories, on a copy of the jobs table (its keys
 * and indexes) of their own without the stream: 350,000 bench items streamed would leave the
 * province's relay wading through their records, and DynamoDB Local serves every GetRecords
 * slower the more stream records it holds, its one thread taken from every other request.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { planPosting, type Job, type JobInput } from '../../functions/jobs/domain/job.js';
import { windowOf, type SearchFilters } from '../../functions/jobs/domain/search.js';
import type { SeekerProfile } from '../../functions/jobs/domain/seeker.js';
import { makeJobRepository } from '../../functions/jobs/job-repository.js';
import { makeSeekerRepository } from '../../functions/jobs/seeker-repository.js';
import { jobsService } from '../../functions/jobs/service.js';
import { matchJobToSeekers } from '../../functions/jobs/use-cases/matching.js';
import { searchJobs } from '../../functions/jobs/use-cases/search-jobs.js';
import { percentile, unitsPer, type BenchCase, type BenchContext } from '../harness.js';
import { meteredClient, type Capacity } from '../../shared/capacity.js';
import { inGroupsOf, mapLimit } from '../../shared/concurrency.js';


/** A seeded generator (mulberry32), so every run loads the same postings. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

const TRADES = ['delivery', 'courier_sorting', 'ride_hailing', 'freight', 'domestic_service', 'elderly_care', 'cleaning', 'painting', 'construction', 'electrician', 'livestream_sales', 'catering', 'retail', 'other'] as const;
/** Districts of Fujian's nine cities. */
const DISTRICTS = ['350102', '350103', '350104', '350105', '350203', '350205', '350206', '350211', '350212', '350302', '350402', '350503', '350505', '350521', '350602', '350702', '350802', '350902'];
const HOURS = ['00:00', '02:00', '06:00', '08:00', '09:00', '11:00', '14:00', '17:00', '18:00', '20:00', '22:00'];

function postings(count: number): Job[] {
  const r = random(11);
  const t0 = Date.parse('2026-11-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const unit = r.pick(['hour', 'hour', 'day', 'month', 'piece'] as const);
    const input: JobInput = {
      title: '基准岗位',
      trade: r.pick(TRADES),
      skills: [],
      headcount: r.int(1, 20),
      pay: { amountFen: unit === 'hour' ? r.int(1500, 6000) : unit === 'day' ? r.int(12_000, 40_000) : unit === 'month' ? r.int(300_000, 1_000_000) : r.int(300, 1500), unit },
      schedule: { startDate: '2026-12-01', days: [...new Set([r.int(1, 7), r.int(1, 7), r.int(1, 7)])], start: r.pick(HOURS), end: r.pick(HOURS) },
      regionCode: r.pick(DISTRICTS),
      address: '某地',
      expiresAt: new Date(t0 + r.int(40, 90) * 86_400_000).toISOString(),
    };
    const now = new Date(t0 + r.int(0, 30 * 24 * 60) * 60_000);
    return planPosting(input, { employerId: `acc_${i % 500}`, employerName: '基准企业', id: `job_bench_${String(i).padStart(6, '0')}`, now, province: '35' }).job;
  });
}

function seekers(count: number, offset: number, trades: readonly string[], districts: readonly string[]): SeekerProfile[] {
  const r = random(offset + 7);
  return Array.from({ length: count }, (_, i) => ({
    workerId: `worker:bench-${offset + i}`,
    trades: [r.pick(trades)] as SeekerProfile['trades'],
    skills: [],
    certifiedSkills: [],
    regionCodes: [r.pick(districts)],
    days: [1, 2, 3, 4, 5],
    windows: [],
    payMinFen: null,
    updatedAt: '2026-11-01T00:00:00.000Z',
    pseudonymSalt: `salt-${offset + i}`,
  }));
}

const SEARCHES: SearchFilters[] = [
  {},
  { regionCode: '35' },
  { regionCode: '3502' },
  { regionCode: '350203' },
  { trade: 'delivery', regionCode: '3502' },
  { trade: 'cleaning' },
  { regionCode: '3501', payMinFen: 3000 },
  { trade: 'delivery', day: 6 },
  { regionCode: '35', window: windowOf('22:00', '06:00') },
  { trade: 'courier_sorting', regionCode: '350206', payMinFen: 2000 },
];

const loaded = new WeakMap<BenchContext, Promise<{ tableName: string; postings: Job[] }>>();

/**
 * Postings loaded once per context (7 items each: the job and its 6 search keys): shared by both
 * cases when they run in one process (`--quick`), loaded by each in a full run.
 */
function loadPostings(context: BenchContext): Promise<{ tableName: string; postings: Job[] }> {
  let data = loaded.get(context);
  if (!data) {
    data = (async () => {
      const tableName = await context.scratchTable(jobsService.tables.jobs);
      const jobs = makeJobRepository({ client: context.dynamodb, tableName });
      const all = postings(context.quick ? 300 : 50_000);
      await mapLimit(inGroupsOf(all, 100), 8, (batch) => jobs.backfill(batch));
      return { tableName, postings: all };
    })();
    loaded.set(context, data);
  }
  return data;
}

const NOW = new Date('2026-11-20T00:00:00.000Z');

export const jobSearchCase: BenchCase = {
  name: 'job search p95',
  goal: { better: 'lower', ratio: 2 },
  async measure(context) {
    const { tableName, postings: data } = await loadPostings(context);
    const samples = context.quick ? 30 : 300;
    const query: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await context.dynamodb.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SEARCH#R4#${DISTRICTS[i % DISTRICTS.length]!.slice(0, 4)}` }, Limit: 21 }));
      query.push(performance.now() - t);
    }
    const capacity: Capacity = { readUnits: 0, writeUnits: 0 };
    const ports = { jobs: makeJobRepository({ client: meteredClient(context.dynamodb, capacity), tableName }), clock: { now: () => NOW }, province: '35' };
    const search: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await searchJobs(SEARCHES[i % SEARCHES.length]!, { limit: 20 }, ports);
      search.push(performance.now() - t);
    }
    return { ours: percentile(search, 95), baseline: percentile(query, 95), unit: 'ms', baselineIs: 'one Query of a page (21 items)', notes: { postings: data.length, ...unitsPer(samples, capacity), p50Ratio: Number((percentile(search, 50) / percentile(query, 50)).toFixed(2)) } };
  },
};

export const matcherCase: BenchCase = {
  name: 'matcher: seekers read per posting as the province grows',
  goal: { better: 'lower', ratio: 1.2 },
  async measure(context) {
    const { tableName, postings: data } = await loadPostings(context);
    const client = context.dynamodb;
    const seekerRepo = makeSeekerRepository({ client, tableName });
    const matcherPorts = { jobs: makeJobRepository({ client, tableName }), seekers: seekerRepo, clock: { now: () => NOW } };
    const job = data.find((j) => j.trade === 'delivery' && j.regionCode.startsWith('3502') && j.schedule.days.some((d) => d <= 5) && Date.parse(j.expiresAt) > NOW.getTime());
    if (!job) throw new Error('the generated postings hold no open delivery job in 厦门');
    const fitting = seekers(context.quick ? 50 : 1_000, 0, ['delivery'], ['350203', '350206', '350211']);
    const elsewhere = seekers(context.quick ? 500 : 10_000, 1_000_000, TRADES.filter((t) => t !== 'delivery'), DISTRICTS);
    await mapLimit(inGroupsOf(fitting, 100), 8, (batch) => seekerRepo.backfill(batch));
    const before = await matchJobToSeekers(job.id, matcherPorts);
    await mapLimit(inGroupsOf(elsewhere, 100), 8, (batch) => seekerRepo.backfill(batch));
    const after = await matchJobToSeekers(job.id, matcherPorts);
    return {
      ours: after.considered,
      baseline: Math.max(1, before.considered),
      unit: 'seekers',
      baselineIs: `read before ${elsewhere.length} more seekers elsewhere`,
      notes: { seekers: fitting.length + elsewhere.length, matched: after.matched },
    };
  },
};
