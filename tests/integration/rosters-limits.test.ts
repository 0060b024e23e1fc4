import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterRow, validCreditCode } from '../helpers/identity.js';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

let province: TestProvince;
const partners: Record<string, { id: string; apiKey: string }> = {};

const rider = rosterRow;
const asPartner = (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  province.request(method, path, { body, headers: { 'x-api-key': partners[key]!.apiKey, ...headers } });
const open = async (key: string, mode: 'snapshot' | 'delta' = 'delta') => asPartner(key, 'POST', '/v1/rosters', { mode, asOf: new Date().toISOString() });
const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => rider(from + i));

beforeAll(async () => {
  province = await startTestProvince({ rosterLimits: { openRostersPerPartner: 2, chunksPerMinute: 3, rowsPerRoster: 1000 } });
  const admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  for (const [i, key] of ['slots', 'rows', 'rate', 'history', 'turn'].entries()) {
    partners[key] = (await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name: `限额平台${key}`, creditCode: validCreditCode(950 + i) }, headers: admin })).body;
  }
});

afterAll(async () => {
  await province?.stop();
});

describe('limits a partner can plan for', () => {
  it('refuses a roster beyond the open ones with 409 saying what to do, and opens one once another is abandoned', async () => {
    const first = (await open('slots')).body;
    await open('slots');
    const refused = await open('slots');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toContain('2 rosters receiving or processing');
    expect(refused.body.detail).toContain('/abandon');
    expect(await asPartner('slots', 'POST', `/v1/rosters/${first.id}/abandon`)).toMatchObject({ status: 200, body: { id: first.id, status: 'abandoned' } });
    expect((await open('slots')).status).toBe(201);
  });

  it('applies one roster of a partner at a time: completing a second answers 409 with Retry-After until the first is applied', { timeout: 60_000 }, async () => {
    const status = async (id: string) => (await asPartner('turn', 'GET', `/v1/rosters/${id}`)).body.status;
    await province.stopPollers(); // the first roster stays processing
    let first: string;
    let second: string;
    try {
      first = (await open('turn')).body.id;
      second = (await open('turn')).body.id;
      for (const [id, from] of [[first, 1], [second, 101]] as const) expect((await asPartner('turn', 'PUT', `/v1/rosters/${id}/chunks/1`, { rows: rows(from, 3) })).status).toBe(202);
      expect((await asPartner('turn', 'POST', `/v1/rosters/${first}/complete`, { chunks: 1 })).status).toBe(202);
      const refused = await asPartner('turn', 'POST', `/v1/rosters/${second}/complete`, { chunks: 1 });
      expect(refused.status).toBe(409);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(refused.body.detail).toContain('one roster at a time');
      expect(await status(second)).toBe('receiving');
    } finally {
      await province.startPollers();
    }
    await eventually(async () => ((await status(first)) === 'completed' ? true : undefined), 30_000);
    expect((await asPartner('turn', 'POST', `/v1/rosters/${second}/complete`, { chunks: 1 })).status).toBe(202);
    await eventually(async () => ((await status(second)) === 'completed' ? true : undefined), 30_000);
  });

  it('refuses a chunk that would take a roster past its rows, storing nothing of it', async () => {
    const roster = (await open('rows')).body;
    expect((await asPartner('rows', 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows: rows(1, 600) })).status).toBe(202);
    const refused = await asPartner('rows', 'PUT', `/v1/rosters/${roster.id}/chunks/2`, { rows: rows(601, 401) });
    expect(refused).toMatchObject({ status: 409, body: { detail: expect.stringContaining('more than 1000 rows') } });
    expect((await asPartner('rows', 'GET', `/v1/rosters/${roster.id}`)).body.rows).toMatchObject({ received: 600 });
    expect((await asPartner('rows', 'PUT', `/v1/rosters/${roster.id}/chunks/2`, { rows: rows(601, 400) })).status).toBe(202);
  });

  it('answers chunks beyond the minute\'s with 429 and Retry-After, and still answers a repeat of a stored chunk', async () => {
    // Start early in a minute, so the four chunks fall in one.
    while (new Date().getSeconds() > 45) await sleep(1000);
    const roster = (await open('rate')).body;
    for (const seq of [1, 2, 3]) expect((await asPartner('rate', 'PUT', `/v1/rosters/${roster.id}/chunks/${seq}`, { rows: [rider(seq)] })).status).toBe(202);
    const refused = await asPartner('rate', 'PUT', `/v1/rosters/${roster.id}/chunks/4`, { rows: [rider(4)] });
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await asPartner('rate', 'PUT', `/v1/rosters/${roster.id}/chunks/3`, { rows: [rider(3)] })).toMatchObject({ status: 202, body: { seq: 3, accepted: 1 } });
  });
});

describe('roster history', () => {
  it('lists the partner\'s rosters newest first with status and counts, and its rejections as CSV', async () => {
    const applied = (await open('history')).body;
    await asPartner('history', 'PUT', `/v1/rosters/${applied.id}/chunks/1`, { rows: [rider(1), rider(2, { mobile: '12' }), rider(3, { idNumber: '=cmd|x' })] });
    await asPartner('history', 'POST', `/v1/rosters/${applied.id}/complete`, { chunks: 1 });
    await eventually(async () => ((await asPartner('history', 'GET', `/v1/rosters/${applied.id}`)).body.status === 'completed' ? true : undefined));
    const dropped = (await open('history')).body;
    await asPartner('history', 'POST', `/v1/rosters/${dropped.id}/abandon`);

    const first = await asPartner('history', 'GET', '/v1/rosters?limit=1');
    expect(first.body.items).toEqual([expect.objectContaining({ id: dropped.id, status: 'abandoned' })]);
    const rest = await asPartner('history', 'GET', `/v1/rosters?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(rest.body.items).toEqual([expect.objectContaining({ id: applied.id, status: 'completed', rows: expect.objectContaining({ received: 3, accepted: 1, rejected: 2, created: 1 }) })]);
    expect((await asPartner('rows', 'GET', '/v1/rosters')).body.items.map((roster: { id: string }) => roster.id)).not.toContain(applied.id);

    const csv = await asPartner('history', 'GET', `/v1/rosters/${applied.id}/rejections`, undefined, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('link')).toBeNull();
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('seq,index,path,message');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(['1,1,mobile', '1,2,idNumber']);
    expect((await asPartner('rows', 'GET', `/v1/rosters/${applied.id}/rejections`, undefined, { accept: 'text/csv' })).status).toBe(404);
  });

  it('refuses to abandon a roster being applied or done', async () => {
    const roster = (await asPartner('history', 'GET', '/v1/rosters')).body.items.find((item: { status: string }) => item.status === 'completed');
    expect(await asPartner('history', 'POST', `/v1/rosters/${roster.id}/abandon`)).toMatchObject({ status: 409, body: { detail: expect.stringContaining('is completed') } });
  });
});
