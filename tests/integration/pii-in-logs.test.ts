import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validIdNumber, validMobile } from '../helpers/identity.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

// Before any module makes the logger: everything this file's functions log, at debug level.
const written = vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(String(chunk));
      // Keep the functions' JSON lines out of the test output; pass anything else through.
      return String(chunk).startsWith('{"level"') ? true : write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return lines;
});

let province: TestProvince;

beforeAll(async () => {
  province = await startTestProvince();
});

afterAll(async () => {
  await province?.stop();
});

describe('logs', () => {
  it('never carry an ID number, mobile or name, through join, review, transfer, leave and erasure', async () => {
    const who = { name: '司马相如', mobile: validMobile(4242), idNumber: validIdNumber(4242) };
    const bearer = async (claims: Parameters<TestProvince['token']>[0]) => ({ authorization: `Bearer ${await province.token(claims)}` });
    const admin = await bearer({ role: 'province_admin', sub: 'admin' });
    const root = (await province.request('POST', '/v1/orgs', { body: { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' }, headers: admin })).body;
    const city = (await province.request('POST', '/v1/orgs', { body: { name: '厦门市总工会', kind: 'federation', parentId: root.id, regionCode: '350200' }, headers: admin })).body;
    // Every service learns of the orgs by event before staff list one.
    await province.settled();
    const link = async (orgId: string) => {
      const response = await province.request('POST', `/v1/orgs/${orgId}/join-links`, { body: {}, headers: admin });
      expect(response.status).toBe(201);
      return response.body.token as string;
    };
    const member = await bearer({ role: 'worker', sub: 'w-logs' });
    const body = { joinToken: await link(city.id), ...who, occupation: 'courier', regionCode: '350203', consent: { version: '2026-01', accepted: true } };

    expect((await province.request('POST', '/v1/memberships', { body: { ...body, extra: 1 }, headers: member })).status).toBe(400);
    expect((await province.request('POST', '/v1/memberships', { body: { ...body, mobile: `${who.mobile}9` }, headers: member })).status).toBe(400);
    const joined = await province.request('POST', '/v1/memberships', { body, headers: member });
    expect(joined.status).toBe(201);
    expect((await province.request('POST', '/v1/memberships', { body, headers: await bearer({ role: 'worker', sub: 'w-other' }) })).status).toBe(409);
    expect((await province.request('POST', `/v1/memberships/${joined.body.id}/approve`, { headers: admin })).status).toBe(200);
    expect((await province.request('GET', `/v1/orgs/${city.id}/memberships`, { headers: admin })).status).toBe(200);
    expect((await province.request('POST', '/v1/memberships/me/transfer', { body: { joinToken: await link(root.id) }, headers: member })).status).toBe(202);
    expect((await province.request('GET', '/v1/memberships/me', { headers: member })).status).toBe(200);
    expect((await province.request('POST', '/v1/memberships/me/erasure', { headers: member })).status).toBe(202);
    // The relay and the consumers log too: wait until every event is published and handled.
    await province.settled();

    const logs = written.join('');
    expect(logs).toContain('"level":"DEBUG"');
    expect(logs).toContain('Request refused');
    for (const value of [who.idNumber, who.mobile, who.name]) expect(logs).not.toContain(value);
  });
});
