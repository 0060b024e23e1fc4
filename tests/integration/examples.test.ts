import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as donorExample } from '../../examples/donor/donor.js';
import { main as employerExample } from '../../examples/employer/employer.js';
import { validCreditCode } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';
import { wishBody, wishWorld, type WishWorld } from '../helpers/wishes.js';

/** The integration examples of examples/, each run as its README says against a test province. */

const run = promisify(execFile);
let province: TestProvince;
let world: WishWorld;
let campaign: { id: string };

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
  campaign = await world.campaign();
}, 60_000);

afterAll(async () => {
  await province?.stop();
});

/** A member's wish, approved: open in the pool. */
async function openWish(title: string, valueFen: number) {
  const worker = await activeMember(province, { staffToken: world.staff.siming, orgId: world.orgs.siming });
  const submitted = await world.bearer(worker.token, 'POST', `/v1/campaigns/${campaign.id}/wishes`, wishBody({ title, valueFen }));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  expect((await world.bearer(world.staff.siming, 'POST', `/v1/wishes/${submitted.body.id}/approve`)).status).toBe(200);
  return { wishId: submitted.body.id as string, worker };
}

describe('examples/donor (TypeScript, typed client)', () => {
  it('adopts the cheapest open wish, delivers it, and on the next run reads the thanks', async () => {
    const donor = await world.donor('泉州爱心家电有限公司');
    const cheap = await openWish('电风扇', 15_000);
    await openWish('电饭煲', 30_000);
    const env = { UNION_API_URL: province.url, UNION_API_KEY: donor.apiKey };
    const lines: string[] = [];
    await donorExample([], env, (line) => lines.push(line));
    expect(lines).toContain('donor 泉州爱心家电有限公司 (' + donor.id + ')');
    expect(lines.some((line) => line.startsWith(`claimed ${cheap.wishId} "电风扇"`))).toBe(true);
    expect(lines).toContain(`delivered ${cheap.wishId} to the union`);

    expect((await world.bearer(cheap.worker.token, 'POST', `/v1/wishes/${cheap.wishId}/confirm`, { thanks: '谢谢，夏天不热了！' })).status).toBe(200);
    const again: string[] = [];
    await donorExample(['--max-value-fen', '10000'], env, (line) => again.push(line));
    expect(again).toContain('no open wish to adopt');
    expect(again).toContain(`  ${cheap.wishId} 电风扇 fulfilled: “谢谢，夏天不热了！”`);
  });
});

describe('examples/python/donor.py (Python 3 standard library)', () => {
  it('runs with python3 and adopts, delivers and lists gifts', async () => {
    const python = await run('python3', ['--version']).catch(() => undefined);
    if (!python) throw new Error('python3 is not installed: the Python example cannot be checked (apt-get install python3)');
    const donor = await world.donor('厦门同安爱心超市有限公司');
    const wish = await openWish('台灯', 8_000);
    const { stdout } = await run('python3', ['examples/python/donor.py', '10000'], { env: { PATH: process.env.PATH, UNION_API_URL: province.url, UNION_API_KEY: donor.apiKey } });
    expect(stdout).toContain(`donor 厦门同安爱心超市有限公司 (${donor.id})`);
    expect(stdout).toContain(`claimed ${wish.wishId} "台灯" (appliance, 80.00 yuan)`);
    expect(stdout).toContain(`delivered ${wish.wishId} to the union`);
    expect(stdout).toContain(`  ${wish.wishId} 台灯 delivered`);
    expect((await world.bearer(world.staff.siming, 'GET', `/v1/wishes/${wish.wishId}`)).body.status).toBe('delivered');
  });

  it('exits non-zero with the API\'s refusal when the key is wrong', async () => {
    const failed = await run('python3', ['examples/python/donor.py'], { env: { PATH: process.env.PATH, UNION_API_URL: province.url, UNION_API_KEY: 'not-a-key' } }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('The API refused: 401');
  });
});

describe('examples/employer (TypeScript, typed client)', () => {
  it('posts jobs once, books a fair booth, reads matches and interests, and exports the fair intentions', async () => {
    const account = await world.bearer(world.admin, 'POST', '/v1/accounts', { kind: 'employer', name: '厦门海湾家政服务有限公司', creditCode: validCreditCode(9201) });
    const seeker = await province.token({ role: 'worker', sub: 'example-seeker' });
    const profile = { trades: ['cleaning'], skills: ['保洁'], regionCodes: ['350203'], days: [1, 2, 3, 4, 5], windows: [{ start: '08:00', end: '18:00' }] };
    expect((await world.bearer(seeker, 'PUT', '/v1/job-seekers/me', profile)).status).toBe(200);
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    const fair = await eventually(async () => {
      const response = await world.bearer(world.staff.siming, 'POST', '/v1/fairs', { orgId: world.orgs.siming, title: '思明区家政专场招聘会', startsAt: later(-3_600_000), endsAt: later(5 * 3_600_000), venue: '思明区工人文化宫', online: false });
      return response.status === 201 ? response.body : undefined;
    });
    const out = join(await mkdtemp(join(tmpdir(), 'employer-example-')), 'fair-intentions.csv');
    const env = { UNION_API_URL: province.url, UNION_API_KEY: account.body.apiKey };

    const first: string[] = [];
    await employerExample(['--fair', fair.id, '--out', out], env, (line) => first.push(line));
    const jobIds = first.map((line) => /^job (job_\w+): .*\(open\)$/.exec(line)?.[1]).filter((id): id is string => id !== undefined);
    expect(jobIds).toHaveLength(2);

    // A worker checks in at the fair, states an intention for the cleaning job and expresses interest in it.
    const link = await world.bearer(world.staff.siming, 'POST', `/v1/fairs/${fair.id}/checkin-links`);
    expect((await world.bearer(seeker, 'POST', `/v1/fairs/${fair.id}/checkins`, { checkinToken: link.body.token })).status).toBe(201);
    expect((await world.bearer(seeker, 'POST', `/v1/fairs/${fair.id}/intentions`, { jobId: jobIds[0] })).status).toBe(201);
    expect((await world.bearer(seeker, 'POST', `/v1/jobs/${jobIds[0]}/interest`, { note: '周一到周五都可以' })).status).toBe(201);

    // Matching is event-driven: the next run sees the match within seconds, and posts nothing new.
    const second = await eventually(async () => {
      const lines: string[] = [];
      await employerExample(['--fair', fair.id, '--out', out], env, (line) => lines.push(line));
      return lines.some((line) => line.startsWith(`  ${jobIds[0]} match `)) ? lines : undefined;
    }, 20_000);
    expect(second.filter((line) => line.startsWith('job job_') && line.endsWith('(open)'))).toEqual(first.filter((line) => line.startsWith('job job_') && line.endsWith('(open)')));
    expect(second).toContain(`job ${jobIds[0]}: 1 matches, 1 interests`);
    expect(second.some((line) => line.startsWith(`  ${jobIds[0]} interest int_`) && line.endsWith(': 周一到周五都可以'))).toBe(true);
    expect(second).toContain(`fair ${fair.id}: 1 check-ins, 1 intentions; written to ${out}`);
    expect((await readFile(out, 'utf8')).split('\n')).toEqual([
      'fairId,employers,positions,checkins,fairIntentions,jobId,jobInterests',
      `${fair.id},1,7,1,1,${jobIds[0]},1`,
      `${fair.id},1,7,1,1,${jobIds[1]},0`,
      '',
    ]);
  });
});

describe('examples/python/donor.py against the contract', () => {
  it('calls only paths and methods that docs/openapi.json has', async () => {
    const source = await readFile('examples/python/donor.py', 'utf8');
    const document = JSON.parse(await readFile('docs/openapi.json', 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const template = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${template(path)}`)));
    const calls = [...source.matchAll(/call\("([A-Z]+)", f?"([^"?]+)"/g)].map(([, method, path]) => `${method} ${template(path!)}`);
    expect(calls).toEqual(['GET /v1/wishes', 'POST /v1/wishes/{}/claim', 'POST /v1/wishes/{}/deliver', 'GET /v1/donors/me/gifts', 'GET /v1/accounts/me']);
    expect(calls.filter((call) => !documented.has(call))).toEqual([]);
  });
});
