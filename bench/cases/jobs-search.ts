/**
 * Jobs benchmark (`npm run bench`, `--quick` for a tenth of the data):
 * 1. Search: p95 of `GET /v1/jobs` searches (the use case on the repository, and through the
 *    local gateway) over 50,000 postings, against the p95 of one plain DynamoDB Query on the same
 *    DynamoDB Local in the same run. Goal: the use case's ratio ≤ 2.
 * 2. Matching: the seekers the matcher reads for a new posting, as the province's seekers grow
 *    only in other trades and cities: the work follows the seekers who can fit, not all seekers.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { planPosting, type Job, type JobInput } from '../../functions/jobs/domain/job.js';
import { windowOf, type SearchFilters } from '../../functions/jobs/domain/search.js';
import type { SeekerProfile } from '../../functions/jobs/domain/seeker.js';
import { makeJobRepository } from '../../functions/jobs/job-repository.js';
import { makeSeekerRepository } from '../../functions/jobs/seeker-repository.js';
import { matchJobToSeekers } from '../../functions/jobs/use-cases/matching.js';
import { searchJobs } from '../../functions/jobs/use-cases/search-jobs.js';
import { documentClient } from '../../shared/dynamo.js';

export interface JobsBenchInput {
  tableName: string;
  apiUrl: string;
  /** Headers of any credential, for searches through the gateway. */
  headers: Record<string, string>;
  quick: boolean;
  summary: (label: string, samples: number[]) => void;
  percentile: (sorted: number[], p: number) => number;
}

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
    regionCodes: [r.pick(districts)],
    days: [1, 2, 3, 4, 5],
    windows: [],
    payMinFen: null,
    updatedAt: '2026-11-01T00:00:00.000Z',
    pseudonymSalt: `salt-${offset + i}`,
  }));
}

async function inBatches<T>(items: T[], size: number, concurrency: number, write: (batch: T[]) => Promise<void>) {
  const batches = Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) await write(batch);
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

export async function runJobsBench(input: JobsBenchInput): Promise<void> {
  const client = documentClient();
  const jobs = makeJobRepository({ client, tableName: input.tableName });
  const seekerRepo = makeSeekerRepository({ client, tableName: input.tableName });
  const count = input.quick ? 5_000 : 50_000;
  const SAMPLES = input.quick ? 100 : 300;
  const now = new Date('2026-11-20T00:00:00.000Z');

  let started = performance.now();
  const data = postings(count);
  await inBatches(data, 100, 8, (batch) => jobs.backfill(batch));
  console.log(`${'jobs: loaded postings'.padEnd(34)} n=${count} in ${((performance.now() - started) / 1000).toFixed(0)}s (7 items each: the job and its 6 index keys)`);

  // The yardstick: one plain Query of a page (21 items) from the province-wide partition.
  const query: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await client.send(new QueryCommand({ TableName: input.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SEARCH#R4#${DISTRICTS[i % DISTRICTS.length]!.slice(0, 4)}` }, Limit: 21 }));
    query.push(performance.now() - t);
  }
  input.summary('jobs: one DynamoDB Query (21 items)', query);

  const ports = { jobs, clock: { now: () => now }, province: '35' };
  const search: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await searchJobs(SEARCHES[i % SEARCHES.length]!, { limit: 20 }, ports);
    search.push(performance.now() - t);
  }
  input.summary('jobs: search use case (20 a page)', search);

  const viaApi: number[] = [];
  const params = (filters: SearchFilters) =>
    new URLSearchParams(Object.entries({ ...filters, window: undefined }).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]))).toString();
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    const response = await fetch(`${input.apiUrl}/v1/jobs?${params(SEARCHES[i % SEARCHES.length]!)}`, { headers: input.headers });
    await response.json();
    viaApi.push(performance.now() - t);
  }
  input.summary('jobs: GET /v1/jobs via the gateway', viaApi);
  const at = (samples: number[], p: number) => input.percentile([...samples].sort((a, b) => a - b), p);
  const ratio = at(search, 95) / at(query, 95);
  console.log(`${'jobs: search p95 / Query p95'.padEnd(34)} ${ratio.toFixed(2)} (goal ≤ 2) ${ratio <= 2 ? 'ok' : 'OVER GOAL'}; p50 ratio ${(at(search, 50) / at(query, 50)).toFixed(2)}; through the gateway p95 ${(at(viaApi, 95) / at(query, 95)).toFixed(2)} (adds the authorizer and HTTP)`);

  // Matching: seekers of one trade in one city, then ten times as many elsewhere.
  started = performance.now();
  const fitting = seekers(input.quick ? 200 : 1_000, 0, ['delivery'], ['350203', '350206', '350211']);
  const elsewhere = seekers(input.quick ? 2_000 : 10_000, 1_000_000, TRADES.filter((t) => t !== 'delivery'), DISTRICTS);
  const farAway = seekers(input.quick ? 2_000 : 10_000, 2_000_000, ['delivery'], DISTRICTS.filter((d) => !d.startsWith('3502')));
  const matcherPorts = { jobs, seekers: seekerRepo, clock: { now: () => now } };
  const job = data.find((j) => j.trade === 'delivery' && j.regionCode.startsWith('3502') && j.schedule.days.some((d) => d <= 5) && Date.parse(j.expiresAt) > now.getTime())!;
  await inBatches(fitting, 100, 8, (batch) => seekerRepo.backfill(batch));
  let total = fitting.length;
  for (const extra of [[], elsewhere, farAway]) {
    await inBatches(extra, 100, 8, (batch) => seekerRepo.backfill(batch));
    total += extra.length;
    const t = performance.now();
    const run = await matchJobToSeekers(job.id, matcherPorts);
    console.log(`${'jobs: match one new posting'.padEnd(34)} seekers in province=${String(total).padEnd(6)} considered=${String(run.considered).padEnd(5)} matched=${String(run.matched).padEnd(5)} ${(performance.now() - t).toFixed(0)}ms`);
  }
  console.log(`${'jobs: seekers loaded'.padEnd(34)} in ${((performance.now() - started) / 1000).toFixed(0)}s; considered stays with the delivery seekers of 厦门 and the province-wide, whatever the total`);
}
