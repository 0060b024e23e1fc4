import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLocalKeyring } from '../../shared/crypto/pii-vault.js';
import { planClose, planPosting, type Job, type JobInput } from '../../functions/jobs/domain/job.js';
import { isSearchable, newestFirst, windowOf, type SearchFilters } from '../../functions/jobs/domain/search.js';
import { makeJobRepository } from '../../functions/jobs/job-repository.js';
import { searchJobs } from '../../functions/jobs/use-cases/search-jobs.js';
import { localTableName, provisionTables } from '../../local/provision.js';
import { testEngines } from '../helpers/province.js';

/**
 * The search index against a brute-force filter: a few hundred generated postings (some closed,
 * some expired, many posted in the same millisecond) go in through the repository; every
 * generated query, paged at several sizes, must answer exactly the postings the definition
 * (`isSearchable`, newest first, ties by id) picks, in the same order, with full pages.
 */
const trades = ['delivery', 'cleaning', 'courier_sorting', 'elderly_care'] as const;
const regions = ['350203', '350206', '350211', '350200', '350102', '350104', '350100', '350000', '350521'];
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const days = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const SEARCH_AT = new Date(T0 + 10 * 86_400_000);

const postingArb = fc.record({
  input: fc.record<JobInput>({
    title: fc.constant('生成的岗位'),
    trade: fc.constantFrom(...trades),
    skills: fc.constant<string[]>([]),
    headcount: fc.integer({ min: 1, max: 20 }),
    pay: fc.record({ amountFen: fc.integer({ min: 100, max: 800_000 }), unit: fc.constantFrom('hour', 'day', 'month', 'piece') }),
    schedule: fc.record({ startDate: fc.constant('2026-11-02'), days, start: hhmm, end: hhmm }),
    regionCode: fc.constantFrom(...regions),
    address: fc.constant('某地'),
    // Some expire before the search's instant.
    expiresAt: fc.integer({ min: 12, max: 40 }).map((d) => new Date(T0 + d * 86_400_000 - 2 * 86_400_000 * (d % 3 === 0 ? 4 : 0)).toISOString()),
  }),
  // Few distinct instants, so many postings tie and order by id.
  postedMinute: fc.integer({ min: 0, max: 60 }),
  closed: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});

const filtersArb: fc.Arbitrary<SearchFilters> = fc.record(
  {
    trade: fc.constantFrom(...trades),
    regionCode: fc.constantFrom('35', '3502', '3501', '350203', '350200', '350000', '3505', '350521', '3301'),
    payMinFen: fc.constantFrom(0, 1500, 2500, 3000, 5000),
    day: fc.integer({ min: 1, max: 7 }),
    window: fc.tuple(hhmm, hhmm).map(([from, to]) => windowOf(from, to)),
  },
  { requiredKeys: [] },
);

let client: DynamoDBDocumentClient;
let repository: ReturnType<typeof makeJobRepository>;
let jobs: Job[];

beforeAll(async () => {
  // The repository seals its cursors under the local runtime's key, as a running province does.
  process.env.LOCAL_KEYRING ??= newLocalKeyring();
  const engines = testEngines();
  const prefix = `s${randomUUID().slice(0, 8)}-`;
  const raw = new DynamoDBClient({ endpoint: engines.dynamodb, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await provisionTables(raw, prefix);
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  repository = makeJobRepository({ client, tableName: localTableName(prefix, 'jobs') });

  const samples = fc.sample(postingArb, { numRuns: 300, seed: 20261125 });
  jobs = [];
  const queue = samples.map((sample, i) => async () => {
    const now = new Date(T0 + sample.postedMinute * 60_000);
    const { job, event } = planPosting(sample.input, { employerId: `acc_${i % 7}`, employerName: '某企业', id: `job_${String(i).padStart(4, '0')}_${randomUUID().slice(0, 4)}`, now, province: '35' });
    await repository.create(job, event);
    if (!sample.closed) return job;
    const { job: closed, event: closedEvent } = planClose(job, { now, province: '35' });
    await repository.replace(job, closed, closedEvent);
    return closed;
  });
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) jobs.push(await task());
  }));
}, 120_000);

afterAll(() => client?.destroy());

describe('searchJobs() against a brute-force filter of the same postings', () => {
  it('has a data set with closed, expired, tied and piece-rate postings to tell apart', () => {
    expect(jobs).toHaveLength(300);
    expect(jobs.filter((job) => job.status === 'closed').length).toBeGreaterThan(10);
    expect(jobs.filter((job) => Date.parse(job.expiresAt) <= SEARCH_AT.getTime()).length).toBeGreaterThan(10);
    expect(new Set(jobs.map((job) => job.postedAt)).size).toBeLessThan(100);
  });

  it('answers every query with the same postings in the same order, page after full page', async () => {
    const queries = fc.sample(fc.tuple(filtersArb, fc.constantFrom(1, 3, 7, 20, 100)), { numRuns: 60, seed: 7 });
    const ports = { jobs: repository, clock: { now: () => SEARCH_AT }, province: '35' };
    let nonEmpty = 0;
    for (const [filters, limit] of queries) {
      const expected = jobs.filter((job) => isSearchable(job, filters, SEARCH_AT)).sort(newestFirst).map((job) => job.id);
      const answered: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 400; pages++) {
        const page = await searchJobs(filters, { limit, cursor }, ports);
        answered.push(...page.items.map((job) => job.id));
        if (page.nextCursor === null) break;
        expect(page.items, JSON.stringify(filters)).toHaveLength(limit);
        cursor = page.nextCursor;
      }
      expect(answered, JSON.stringify({ filters, limit })).toEqual(expected);
      if (expected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(20);
  }, 120_000);
});
