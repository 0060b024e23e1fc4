/**
 * An employer's script: post jobs, book them at a job fair's booth, read the ranked matches and
 * the workers' interests, and export the fair's intentions with them to a CSV file.
 *
 *   UNION_API_URL=... UNION_API_KEY=<employer key> npx tsx examples/employer/employer.ts [--fair <fairId>] [--out fair-intentions.csv]
 *
 * Postings carry an Idempotency-Key made of the title and the start date: running the script
 * again the same day posts nothing new and reads what came in since. See README.md here.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { answer, unionClient, type paths, type UnionClient } from '../../client/index.js';
import { accountSettings } from '../settings.js';

type NewJob = NonNullable<paths['/v1/jobs']['post']['requestBody']>['content']['application/json'];

/** Tomorrow's date in Asia/Shanghai (UTC+8), where the shifts are. */
function tomorrowInShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

/** Two postings of a home-services firm in Xiamen; the same all day, so a re-run repeats the same requests. */
export function sampleJobs(startDate: string): NewJob[] {
  const expiresAt = new Date(Date.parse(`${startDate}T00:00:00+08:00`) + 30 * 86_400_000).toISOString();
  const common = { regionCode: '350203', address: '思明区莲前西路 100 号', expiresAt };
  return [
    { ...common, title: '家政保洁员', trade: 'cleaning', skills: ['保洁'], headcount: 5, pay: { amountFen: 3_000, unit: 'hour' }, schedule: { startDate, days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } },
    { ...common, title: '养老护理员（夜班）', trade: 'elderly_care', skills: ['护理'], headcount: 2, pay: { amountFen: 25_000, unit: 'day' }, schedule: { startDate, days: [6, 7], start: '20:00', end: '23:00' } },
  ];
}

/** An Idempotency-Key (visible ASCII) that is the same whenever `parts` are. */
const idempotencyKey = (...parts: string[]) => `example-${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32)}`;

/** Posts the jobs (or gets the earlier answers back, by their Idempotency-Key); answers their ids. */
export async function postJobs(api: UnionClient, jobs: readonly NewJob[], log: (line: string) => void): Promise<string[]> {
  const ids: string[] = [];
  for (const job of jobs) {
    const posted = await answer(api.POST('/v1/jobs', { body: job, params: { header: { 'idempotency-key': idempotencyKey(job.title, job.schedule.startDate) } } }));
    log(`job ${posted.id}: ${job.title} (${posted.status})`);
    ids.push(posted.id);
  }
  return ids;
}

/** Prints each job's best matches and the interests workers expressed; answers the interests per job. */
export async function readResponses(api: UnionClient, jobIds: readonly string[], log: (line: string) => void): Promise<Map<string, number>> {
  const interests = new Map<string, number>();
  for (const jobId of jobIds) {
    const matches = await answer(api.GET('/v1/jobs/{jobId}/matches', { params: { path: { jobId }, query: { limit: 5 } } }));
    for (const match of matches.items) log(`  ${jobId} match ${match.seekerId} score ${match.score}: ${match.reasons.map((reason) => reason.text).join('; ')}`);
    const page = await answer(api.GET('/v1/jobs/{jobId}/interests', { params: { path: { jobId }, query: { limit: 100 } } }));
    for (const interest of page.items) log(`  ${jobId} interest ${interest.intentionId} (${interest.status})${interest.note ? `: ${interest.note}` : ''}`);
    log(`job ${jobId}: ${matches.items.length} matches, ${page.items.length} interests`);
    interests.set(jobId, page.items.length);
  }
  return interests;
}

const csvField = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

/** Books the jobs at the fair's booth and writes the fair's figures and the jobs' interests to `out`. */
export async function exportFairIntentions(api: UnionClient, fairId: string, jobIds: readonly string[], interests: ReadonlyMap<string, number>, out: string, log: (line: string) => void): Promise<void> {
  await answer(api.POST('/v1/fairs/{fairId}/booths', { params: { path: { fairId }, header: { 'idempotency-key': idempotencyKey(fairId, ...jobIds) } }, body: { jobIds: [...jobIds] } }));
  const stats = await answer(api.GET('/v1/fairs/{fairId}/stats', { params: { path: { fairId } } }));
  const rows = [
    ['fairId', 'employers', 'positions', 'checkins', 'fairIntentions', 'jobId', 'jobInterests'],
    ...jobIds.map((jobId) => [fairId, stats.employers, stats.positions, stats.checkins, stats.intentions, jobId, interests.get(jobId) ?? 0]),
  ];
  await writeFile(out, `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`);
  log(`fair ${fairId}: ${stats.checkins} check-ins, ${stats.intentions} intentions; written to ${out}`);
}

export async function main(args: string[], env: Readonly<Record<string, string | undefined>>, log: (line: string) => void = console.log): Promise<void> {
  const { values } = parseArgs({ args, options: { fair: { type: 'string' }, out: { type: 'string', default: 'fair-intentions.csv' } } });
  const api = unionClient(accountSettings('employer', env));
  const me = await answer(api.GET('/v1/accounts/me'));
  log(`employer ${me.name} (${me.id})`);
  const jobIds = await postJobs(api, sampleJobs(tomorrowInShanghai()), log);
  const interests = await readResponses(api, jobIds, log);
  const fairId = values.fair ?? (await answer(api.GET('/v1/fairs', { params: { query: { limit: 1 } } }))).items[0]?.id;
  if (fairId) await exportFairIntentions(api, fairId, jobIds, interests, values.out, log);
  else log('no fair to book a booth at');
}

if (process.argv[1] === import.meta.filename) await main(process.argv.slice(2), process.env);
