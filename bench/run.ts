/**
 * `npm run bench`: latency, throughput and memory of the local province under a bounded load,
 * on the same engines `npm start` uses (DynamoDB Local in memory, the SQS emulator). Numbers
 * from a 2-core machine running everything at once: compare runs, not absolute values.
 */
import '../local/log-level.js';
import { performance } from 'node:perf_hooks';
import { startDynamoDbLocal, startSqsEmulator } from '../local/engines.js';
import { startProvince } from '../local/runtime.js';
import { localIssuer } from '../local/tokens.js';
import { newLocalKeyring } from '../shared/crypto/pii-vault.js';
import { idNumberCheckCharacter } from '../shared/identity/id-number.js';
import { tableEnvVar } from '../shared/config.js';
import { runJobsBench } from './cases/jobs-search.js';

const JOINS = Number(process.env.BENCH_JOINS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (label: string, samples: number[], seconds?: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const rate = seconds ? `${(samples.length / seconds).toFixed(1)}/s` : '';
  console.log(`${label.padEnd(34)} n=${String(samples.length).padEnd(5)} p50=${percentile(sorted, 50).toFixed(1)}ms p95=${percentile(sorted, 95).toFixed(1)}ms p99=${percentile(sorted, 99).toFixed(1)}ms ${rate}`);
};

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function pool<T>(count: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

const dynamodb = await startDynamoDbLocal();
const sqs = await startSqsEmulator();
const issuer = await localIssuer('http://127.0.0.1/bench');
const province = await startProvince({ dynamodbEndpoint: dynamodb.endpoint, sqsEndpoint: sqs.endpoint, prefix: 'bench-', provinceCode: '35', port: 0, issuer, keyring: newLocalKeyring() });
try {
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${province.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const admin = await issuer.mint({ role: 'province_admin', sub: 'bench' });
  const root = (await call(admin, 'POST', '/v1/orgs', { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' })).body;
  let link: { status: number; body: any };
  do link = await call(admin, 'POST', `/v1/orgs/${root.id}/join-links`, {});
  while (link.status !== 201);

  const workers = await Promise.all(Array.from({ length: JOINS }, (_, i) => issuer.mint({ role: 'worker', sub: `bench-${i}` })));
  const started = performance.now();
  const joins = await pool(JOINS, async (i) => {
    const first17 = `350203199${String(i % 10)}0101${String(i % 1000).padStart(3, '0')}`;
    const [ms, response] = await timed(() =>
      call(workers[i]!, 'POST', '/v1/memberships', {
        joinToken: link.body.token,
        name: '测试骑手',
        mobile: `139${String(i).padStart(8, '0')}`,
        idNumber: first17 + idNumberCheckCharacter(first17),
        occupation: 'food_delivery',
        regionCode: '350203',
        consent: { version: '2026-01', accepted: true },
      }),
    );
    if (response.status !== 201) throw new Error(`join ${i} answered ${response.status}`);
    return { ms, id: response.body.id as string };
  });
  summary('POST /v1/memberships (join)', joins.map((j) => j.ms), (performance.now() - started) / 1000);

  const cards = await pool(JOINS, async (i) => (await timed(() => call(workers[i]!, 'GET', '/v1/memberships/me')))[0]);
  summary('GET /v1/memberships/me (e-card)', cards);

  const approvals = await pool(Math.min(JOINS, 100), async (i) => (await timed(() => call(admin, 'POST', `/v1/memberships/${joins[i]!.id}/approve`)))[0]);
  summary('POST approve (member number)', approvals);

  const [lag] = await timed(async () => {
    for (;;) {
      const stats = (await call(admin, 'GET', `/v1/orgs/${root.id}/stats`)).body;
      if (stats.members?.active === approvals.length) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  console.log(`${'stats caught up after approvals'.padEnd(34)} ${lag.toFixed(0)}ms (outbox -> stream -> relay -> queue -> projector)`);
  const employer = await call(admin, 'POST', '/v1/accounts', { kind: 'employer', name: '基准用工企业', creditCode: '91350200MA2Y00030N' });
  await runJobsBench({ tableName: province.env[tableEnvVar('jobs')]!, apiUrl: province.url, headers: { 'x-api-key': employer.body.apiKey }, quick: process.argv.includes('--quick'), summary, percentile });
  const memory = process.memoryUsage();
  console.log(`${'runtime memory'.padEnd(34)} rss=${(memory.rss / 2 ** 20).toFixed(0)}MiB heapUsed=${(memory.heapUsed / 2 ** 20).toFixed(0)}MiB`);
} finally {
  await province.stop();
  await sqs.stop();
  await dynamodb.stop();
}
