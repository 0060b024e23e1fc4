import { execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionsFileOf, stateFileOf, UploadRefusedError, uploadRoster } from '../../cli/upload-roster.js';
import { validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
let province: TestProvince;
let apiKey: string;
let dir: string;

/**
 * Runs the tool as a partner would, to completion. Never synchronously: the API it calls is
 * served by this very process.
 */
const rosterTool = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    execFile(tsx, ['cli/roster.ts', ...args], { cwd: root, encoding: 'utf8' }, (error, stdout, stderr) => done({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });

beforeAll(async () => {
  province = await startTestProvince();
  const admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  apiKey = (await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name: '上传平台', creditCode: validCreditCode(990) }, headers: admin })).body.apiKey;
  dir = mkdtempSync(join(tmpdir(), 'roster-upload-'));
});

afterAll(async () => {
  await province?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the roster uploader', () => {
  it('resumes a snapshot after being killed, sending only what was not acknowledged, and the counts come out exact', { timeout: 180_000 }, async () => {
    const file = join(dir, 'day1.csv');
    expect((await rosterTool('sample', file, '--rows', '300')).status).toBe(0);

    // In a process group of its own: tsx runs the tool in a child process, which must die too.
    const killed = spawn(tsx, ['cli/roster.ts', 'upload', file, '--mode', 'snapshot', '--api-key', apiKey, '--url', province.url, '--concurrency', '1', '--chunk-rows', '100'], { cwd: root, stdio: 'ignore', detached: true });
    const exited = new Promise((done) => killed.once('exit', done));
    await eventually(async () => (existsSync(stateFileOf(file)) && JSON.parse(readFileSync(stateFileOf(file), 'utf8')).sent.length >= 1 ? true : undefined), 60_000);
    process.kill(-killed.pid!, 'SIGKILL');
    await exited;
    const before = JSON.parse(readFileSync(stateFileOf(file), 'utf8'));
    expect(before.sent.length).toBeLessThan(3);

    // The chunk size is the first run's: the chunks' numbers depend on it.
    const resumed = await uploadRoster({ file, mode: 'snapshot', url: province.url, apiKey, chunkRows: 1000 });
    expect(resumed.rosterId).toBe(before.rosterId);
    expect(resumed.chunksSent).toBe(3 - before.sent.length);
    expect(resumed).toMatchObject({ status: 'completed', rows: { received: 300, accepted: 300, rejected: 0, created: 300, updated: 0, unchanged: 0, departed: 0 } });
    expect(resumed.rejectionsFile).toBeUndefined();
    const rosters = (await province.request('GET', '/v1/rosters', { headers: { 'x-api-key': apiKey } })).body.items;
    expect(rosters).toHaveLength(1);

    // Run again, it finds the roster applied and sends nothing.
    expect(await uploadRoster({ file, mode: 'snapshot', url: province.url, apiKey })).toMatchObject({ rosterId: before.rosterId, chunksSent: 0, status: 'completed' });
  });

  it('sends the next day\'s snapshot, printing its counts: the moved riders updated, the rest unchanged, the missing departed', { timeout: 180_000 }, async () => {
    const file = join(dir, 'day2.csv');
    expect((await rosterTool('sample', file, '--rows', '300', '--change', '2', '--depart', '1')).status).toBe(0);
    const run = await rosterTool('upload', file, '--mode', 'snapshot', '--api-key', apiKey, '--url', province.url, '--chunk-rows', '100');
    expect(run.stderr).not.toContain('Error');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/roster rst_\S+: completed/);
    for (const [name, count] of [['received', '297'], ['created', '0'], ['updated', '6'], ['unchanged', '291'], ['departed', '3']]) {
      expect(run.stdout).toMatch(new RegExp(`${name}\\s+${count}\\b`));
    }
  });

  it('checks the file first: refuses a rider listed twice, and saves the rows the API rejected as CSV', { timeout: 120_000 }, async () => {
    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, `${HEADER}\nA1,张三,13800000001,11010519491231002X,350203,courier,,active\nA1,张三,13800000001,11010519491231002X,350203,courier,,active\n`);
    await expect(uploadRoster({ file: twice, mode: 'delta', url: province.url, apiKey })).rejects.toThrow(UploadRefusedError);
    await expect(uploadRoster({ file: twice, mode: 'delta', url: province.url, apiKey })).rejects.toThrow('rider A1 on lines 2 and 3');

    const flawed = join(dir, 'flawed.jsonl');
    const good = { riderId: 'B1', name: '李四', mobile: '13800000002', idNumber: '11010519491231002X', regionCode: '350203', occupation: 'courier', status: 'active' };
    writeFileSync(flawed, [good, { ...good, riderId: 'B2', mobile: '12' }].map((row) => JSON.stringify(row)).join('\n') + '\nnot json\n');
    const lines: string[] = [];
    const result = await uploadRoster({ file: flawed, mode: 'delta', url: province.url, apiKey, log: (line) => lines.push(line) });
    expect(lines).toContain('2 rows will be rejected (the API lists them all once the roster is applied)');
    expect(result).toMatchObject({ status: 'completed', rows: { received: 3, accepted: 1, rejected: 2 } });
    expect(result.rejectionsFile).toBe(rejectionsFileOf(flawed));
    const csv = readFileSync(result.rejectionsFile!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toBe('seq,index,path,message');
    const where = csv.slice(1).map((line) => line.split(',').slice(0, 3).join(','));
    expect(where[0]).toBe('1,1,mobile');
    expect(where.slice(1).every((line) => line.startsWith('1,2,'))).toBe(true);
  });

  it('waits as the API asks when its own request is still running (409 with Retry-After), as often as it asks, instead of giving up', { timeout: 120_000 }, async () => {
    // The first completions are answered as the API answers a repeat of a request it is still
    // running (a first attempt that timed out on a busy machine): more times than the uploader
    // retries a failure.
    let completions = 0;
    const result = await throughProxy((url) => (url.endsWith('/complete') && completions++ < 11 ? { status: 409, retryAfter: 1, detail: 'A request with this Idempotency-Key is still in progress; retry after the time in Retry-After' } : undefined), (proxyUrl) => {
      const file = join(dir, 'busy.csv');
      writeFileSync(file, `${HEADER}\nC1,王五,13800000003,11010519491231002X,350203,courier,,active\n`);
      return uploadRoster({ file, mode: 'delta', url: proxyUrl, apiKey });
    });
    expect(completions).toBe(12);
    expect(result).toMatchObject({ status: 'completed', rows: { received: 1, accepted: 1 } });
  });

  it('waits while another roster of the partner is being applied, then completes its own', { timeout: 120_000 }, async () => {
    const asPartner = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { 'x-api-key': apiKey } });
    await province.stopPollers(); // the other roster stays processing
    const other = (await asPartner('POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() })).body;
    await asPartner('PUT', `/v1/rosters/${other.id}/chunks/1`, { rows: [{ riderId: 'D1', name: '赵六', mobile: validMobile(71), idNumber: validIdNumber(71), regionCode: '350203', occupation: 'courier', status: 'active' }] });
    expect((await asPartner('POST', `/v1/rosters/${other.id}/complete`, { chunks: 1 })).status).toBe(202);
    const file = join(dir, 'second.csv');
    writeFileSync(file, `${HEADER}\nD2,钱七,${validMobile(72)},${validIdNumber(72)},350203,courier,,active\n`);
    const upload = uploadRoster({ file, mode: 'delta', url: province.url, apiKey });
    try {
      // The uploader sent its rows and is waiting to complete them.
      await eventually(async () => ((await asPartner('GET', '/v1/rosters')).body.items.find((roster: { id: string; status: string; rows: { received: number } }) => roster.id !== other.id && roster.status === 'receiving' && roster.rows.received === 1) ? true : undefined));
    } finally {
      await province.startPollers();
    }
    expect(await upload).toMatchObject({ status: 'completed', rows: { received: 1, created: 1 } });
    expect((await asPartner('GET', `/v1/rosters/${other.id}`)).body.status).toBe('completed');
  });

});

const HEADER = 'riderId,name,mobile,idNumber,regionCode,occupation,station,status';

/**
 * Runs `use` against a proxy in front of the province that answers a request itself when
 * `intercept` says how (a problem with a status), and passes every other request on.
 */
async function throughProxy<T>(intercept: (url: string) => { status: number; retryAfter?: number; detail: string } | undefined, use: (url: string) => Promise<T>): Promise<T> {
  const proxy: Server = createServer(async (request, response) => {
    const body = await new Promise<Buffer>((done) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part)).on('end', () => done(Buffer.concat(parts)));
    });
    const answer = intercept(request.url!);
    if (answer) {
      response.writeHead(answer.status, { 'content-type': 'application/problem+json', ...(answer.retryAfter ? { 'retry-after': String(answer.retryAfter) } : {}) });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Refused', status: answer.status, detail: answer.detail }));
      return;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const passed = await fetch(`${province.url}${request.url}`, { method: request.method, headers, body: body.length > 0 ? body : undefined });
    response.writeHead(passed.status, Object.fromEntries(passed.headers));
    response.end(Buffer.from(await passed.arrayBuffer()));
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  try {
    return await use(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
  } finally {
    await new Promise((done) => proxy.close(done));
  }
}
