import { SignJWT, importJWK, type JWK } from 'jose';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, localIssuer } from '../../local/tokens.js';
import { validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

/**
 * The security review's reproductions (issue 8, items 4 and 8), through the local gateway:
 * each was a 500, a 502 or an accepted request before, and is a 4xx problem naming the field now.
 */
let province: TestProvince;
let keyDir: string;
let signingKey: JWK;
let admin: Record<string, string>;
let partner: Record<string, string>;
const orgs: Record<'root' | 'a' | 'b', string> = { root: '', a: '', b: '' };

const errorPaths = (response: ApiResponse) => (response.body.errors ?? []).map((error: { path: string }) => error.path);

function expectInvalid(response: ApiResponse, ...paths: string[]) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(errorPaths(response)).toEqual(paths);
}

const asAdmin = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: admin });
const createOrg = async (name: string, parentId: string | null) => {
  const response = await asAdmin('POST', '/v1/orgs', { name, kind: parentId ? 'joint_union' : 'federation', parentId, regionCode: parentId ? '350203' : '350000' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'hardening-issuer-'));
  const keyFile = join(keyDir, 'key.json');
  const issuer = await localIssuer('http://127.0.0.1/test-issuer', keyFile);
  signingKey = JSON.parse(readFileSync(keyFile, 'utf8'));
  province = await startTestProvince({ issuer });
  admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  orgs.root = await createOrg('福建省总工会', null);
  orgs.a = await createOrg('厦门市总工会', orgs.root);
  orgs.b = await createOrg('福州市总工会', orgs.root);
  for (const name of ['思明区联合工会', '湖里区联合工会', '集美区联合工会']) await createOrg(name, orgs.a);
  for (const name of ['鼓楼区联合工会', '台江区联合工会']) await createOrg(name, orgs.b);
  const account = await asAdmin('POST', '/v1/accounts', { kind: 'partner', name: '闽送即配', creditCode: validCreditCode(700) });
  partner = { 'x-api-key': account.body.apiKey };
});

afterAll(async () => {
  await province?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('pagination cursors', () => {
  /** A real second-page cursor of a list, and the list's first two pages. */
  async function cursorOf(path: string, headers: Record<string, string>) {
    const first = await province.request('GET', `${path}?limit=1`, { headers });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    return first.body as { items: unknown[]; nextCursor: string };
  }

  /** A roster of the partner with three rejected rows, so its rejections come in pages. */
  async function rosterWithRejections(): Promise<string> {
    const roster = (await province.request('POST', '/v1/rosters', { body: { mode: 'delta', asOf: new Date().toISOString() }, headers: partner })).body;
    const badRows = [1, 2, 3].map((n) => ({ riderId: `r-${n}`, name: '骑手甲', mobile: '123', idNumber: validIdNumber(n), regionCode: '350203', occupation: 'food_delivery', status: 'active' }));
    expect((await province.request('PUT', `/v1/rosters/${roster.id}/chunks/1`, { body: { rows: badRows }, headers: partner })).status).toBe(202);
    return roster.id;
  }

  const flipLast = (cursor: string) => cursor.slice(0, -2) + (cursor.at(-2) === 'A' ? 'B' : 'A') + cursor.at(-1);

  it('page on with the cursor a list returned', async () => {
    const first = await cursorOf(`/v1/orgs/${orgs.a}/children`, admin);
    const second = await asAdmin('GET', `/v1/orgs/${orgs.a}/children?limit=1&cursor=${first.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0]).not.toEqual(first.items[0]);
  });

  it('refuse a forged cursor: valid base64url JSON of a key in the same partition', async () => {
    const forged = [
      { parentId: orgs.a, childSortKey: '湖里区联合工会#', pk: `ORG#${orgs.a}`, sk: 'ORG' },
      { parentId: orgs.a },
      { parentId: orgs.a, childSortKey: 'x'.repeat(1500) },
    ].map((key) => Buffer.from(JSON.stringify(key)).toString('base64url'));
    for (const cursor of forged) {
      expectInvalid(await asAdmin('GET', `/v1/orgs/${orgs.a}/children?cursor=${cursor}`), 'query.cursor');
    }
  });

  it('refuse a cursor with a tampered byte, on the org, membership and rejection lists', async () => {
    const children = await cursorOf(`/v1/orgs/${orgs.a}/children`, admin);
    expectInvalid(await asAdmin('GET', `/v1/orgs/${orgs.a}/children?cursor=${flipLast(children.nextCursor)}`), 'query.cursor');

    const roster = await rosterWithRejections();
    const rejections = await cursorOf(`/v1/rosters/${roster}/rejections`, partner);
    const next = await province.request('GET', `/v1/rosters/${roster}/rejections?limit=1&cursor=${rejections.nextCursor}`, { headers: partner });
    expect(next.status).toBe(200);
    expect(next.body.items[0]).not.toEqual(rejections.items[0]);
    for (const cursor of [flipLast(rejections.nextCursor), Buffer.from('1').toString('base64url'), Buffer.from('99999999').toString('base64url')]) {
      expectInvalid(await province.request('GET', `/v1/rosters/${roster}/rejections?cursor=${cursor}`, { headers: partner }), 'query.cursor');
    }

    const memberships = `/v1/orgs/${orgs.a}/memberships`;
    await eventually(async () => ((await asAdmin('GET', memberships)).status === 200 ? true : undefined));
    expectInvalid(await asAdmin('GET', `${memberships}?cursor=${flipLast(children.nextCursor)}`), 'query.cursor');
    const forged = Buffer.from(JSON.stringify({ orgId: orgs.a, orgListKey: 'active#', pk: 'MEMBERSHIP#x', sk: 'MEMBERSHIP' })).toString('base64url');
    expectInvalid(await asAdmin('GET', `${memberships}?cursor=${forged}`), 'query.cursor');
  });

  it('refuse a cursor from another list: another parent, another kind of list, another filter', async () => {
    const ofA = (await cursorOf(`/v1/orgs/${orgs.a}/children`, admin)).nextCursor;
    expectInvalid(await asAdmin('GET', `/v1/orgs/${orgs.b}/children?cursor=${ofA}`), 'query.cursor');
    const memberships = `/v1/orgs/${orgs.a}/memberships`;
    await eventually(async () => ((await asAdmin('GET', memberships)).status === 200 ? true : undefined));
    expectInvalid(await asAdmin('GET', `${memberships}?cursor=${ofA}`), 'query.cursor');
    expectInvalid(await asAdmin('GET', `${memberships}?status=active&cursor=${ofA}`), 'query.cursor');
    const [first, second] = [await rosterWithRejections(), await rosterWithRejections()];
    const ofFirst = (await cursorOf(`/v1/rosters/${first}/rejections`, partner)).nextCursor;
    expectInvalid(await province.request('GET', `/v1/rosters/${second}/rejections?cursor=${ofFirst}`, { headers: partner }), 'query.cursor');
  });
});

describe('path parameters', () => {
  const long = 'x'.repeat(3000);

  it('refuse a 3,000-character id with 400 naming it, on a GET and a POST route', async () => {
    expectInvalid(await asAdmin('GET', `/v1/orgs/${long}`), 'path.orgId');
    expectInvalid(await asAdmin('POST', `/v1/memberships/${long}/approve`, {}), 'path.membershipId');
    expectInvalid(await province.request('GET', `/v1/riders/${long}`, { headers: partner }), 'path.riderId');
  });

  it('take a roster chunk seq and a target year only in canonical digits', async () => {
    for (const seq of ['01', '1e0', '1.0', '%201', '0x1']) {
      const response = await province.request('PUT', `/v1/rosters/rst_x/chunks/${seq}`, { body: { rows: [{}] }, headers: partner });
      expectInvalid(response, 'path.seq');
    }
    expectInvalid(await asAdmin('PUT', `/v1/orgs/${orgs.a}/targets/02026`, { members: 10 }), 'path.year');
    expect((await asAdmin('PUT', `/v1/orgs/${orgs.a}/targets/2026`, { members: 10 })).status).not.toBe(400);
  });

  it('are all named when more than one is bad, one over the shared bound (found by fuzzing)', async () => {
    const response = await province.request('PUT', `/v1/rosters/${long}/chunks/abc`, { body: { rows: [{}] }, headers: partner });
    expectInvalid(response, 'path.rosterId', 'path.seq');
  });

  it('answer bad percent-encoding with 400 naming the parameter, not 502', async () => {
    expectInvalid(await asAdmin('GET', '/v1/orgs/%E0%A4%A'), 'path.orgId');
    expectInvalid(await asAdmin('GET', '/v1/orgs/%E0%A4%A/children'), 'path.orgId');
  });
});

describe('request bodies', () => {
  it('refuse a body nested 10,000 deep with 400 naming body', async () => {
    const deep = '{"name":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const rawBody of [deep, '['.repeat(10_000) + ']'.repeat(10_000)]) {
      const response = await province.request('POST', '/v1/orgs', { rawBody, headers: { ...admin, 'content-type': 'application/json' } });
      expectInvalid(response, 'body');
    }
  });

  it('refuse a JSON null where a route takes an optional body, or none (found by fuzzing)', async () => {
    const asNull = { rawBody: 'null', headers: { ...admin, 'content-type': 'application/json' } };
    expectInvalid(await province.request('POST', `/v1/orgs/${orgs.a}/join-links`, asNull), 'body');
    expectInvalid(await province.request('POST', '/v1/wishes/wsh_x/approve', asNull), 'body');
  });

  it('refuse names with a bidi override or a control character, naming the field', async () => {
    for (const name of ['思明\u202E会工联', '思明\u0007联合工会']) {
      expectInvalid(await asAdmin('POST', '/v1/orgs', { name, kind: 'joint_union', parentId: orgs.a, regionCode: '350203' }), 'body.name');
      expectInvalid(await asAdmin('POST', '/v1/accounts', { kind: 'donor', name, creditCode: validCreditCode(701) }), 'body.name');
    }
    const worker = { authorization: `Bearer ${await province.token({ role: 'worker', sub: 'w-1' })}` };
    const join = await province.request('POST', '/v1/memberships', {
      body: {
        joinToken: 'jl_x',
        name: '张\u202E三',
        mobile: validMobile(1),
        idNumber: validIdNumber(1),
        occupation: 'food_delivery',
        regionCode: '350203',
        consent: { version: '2025-01', accepted: true },
      },
      headers: worker,
    });
    expectInvalid(join, 'body.name');
  });
});

describe('bearer tokens', () => {
  const sign = async (build: (jwt: SignJWT) => SignJWT) =>
    build(new SignJWT({ role: 'province_admin', sub: 'admin' }).setProtectedHeader({ alg: 'ES256', kid: signingKey.kid! }))
      .setIssuer(province.issuer.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .sign(await importJWK(signingKey, 'ES256'));
  const getRoot = (token: string) => province.request('GET', `/v1/orgs/${orgs.root}`, { headers: { authorization: `Bearer ${token}` } });

  it('are refused without exp, or issued an hour in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await getRoot(await sign((jwt) => jwt.setIssuedAt().setExpirationTime('1h')))).status).toBe(200);
    for (const token of [
      await sign((jwt) => jwt.setIssuedAt()),
      await sign((jwt) => jwt.setIssuedAt(now + 3600).setExpirationTime(now + 7200)),
    ]) {
      const response = await getRoot(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('minted by the local issuer carry exp', async () => {
    const token = await province.token({ role: 'worker', sub: 'w-2' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload.exp).toBeGreaterThan(payload.iat);
  });
});
