import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestProvince, type TestProvince } from '../helpers/province.js';

let province: TestProvince;
let admin: string;
let root: { id: string };
let xiamen: { id: string };
let siming: { id: string };
let huli: { id: string };

const asAdmin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  province.request(method, path, { body, headers: { authorization: `Bearer ${admin}`, ...headers } });

const expectProblem = (response: { status: number; headers: Headers; body: any }, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
};

beforeAll(async () => {
  province = await startTestProvince();
  admin = await province.token({ role: 'province_admin', sub: 'admin-1' });
  root = (await asAdmin('POST', '/v1/orgs', { name: '福建省总工会', kind: 'federation', parentId: null, regionCode: '350000' })).body;
  xiamen = (await asAdmin('POST', '/v1/orgs', { name: '厦门市总工会', kind: 'federation', parentId: root.id, regionCode: '350200' })).body;
  siming = (await asAdmin('POST', '/v1/orgs', { name: '思明区总工会', kind: 'federation', parentId: xiamen.id, regionCode: '350203' })).body;
  huli = (await asAdmin('POST', '/v1/orgs', { name: '湖里区总工会', kind: 'federation', parentId: xiamen.id, regionCode: '350206' })).body;
});

afterAll(async () => {
  await province?.stop();
});

describe('GET /v1/health', () => {
  it('answers without credentials with the province code', async () => {
    const response = await province.request('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', province: '35' });
  });
});

describe('GET /v1/openapi.json', () => {
  it('serves the API document without credentials', async () => {
    const response = await province.request('GET', '/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toContain('/v1/orgs/{orgId}/children');
  });
});

describe('POST /v1/orgs', () => {
  it('creates an org under its parent and returns it', async () => {
    const response = await asAdmin('POST', '/v1/orgs', {
      name: '莲前街道联合工会',
      kind: 'joint_union',
      parentId: siming.id,
      regionCode: '350203',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^org_/),
      name: '莲前街道联合工会',
      kind: 'joint_union',
      parentId: siming.id,
      regionCode: '350203',
    });
  });

  it('refuses a second root federation with 409', async () => {
    const response = await asAdmin('POST', '/v1/orgs', { name: '另一个省总工会', kind: 'federation', parentId: null, regionCode: '350000' });
    expectProblem(response, 409);
  });

  it('refuses a region outside the parent org, naming regionCode', async () => {
    const response = await asAdmin('POST', '/v1/orgs', { name: '鼓楼区总工会', kind: 'federation', parentId: xiamen.id, regionCode: '350102' });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ path: 'body.regionCode', message: expect.any(String) }]);
  });

  it('answers 404 for a parent that does not exist', async () => {
    const response = await asAdmin('POST', '/v1/orgs', { name: '某工会', kind: 'joint_union', parentId: 'org_missing', regionCode: '350203' });
    expectProblem(response, 404);
  });

  it('lists every bad field of a body at once', async () => {
    const response = await asAdmin('POST', '/v1/orgs', { name: 'x', kind: 'club', parentId: root.id, regionCode: '35', extra: true });
    expectProblem(response, 400);
    const paths = response.body.errors.map((error: { path: string }) => error.path).sort();
    expect(paths).toEqual(['body.extra', 'body.kind', 'body.name', 'body.regionCode']);
  });

  it('refuses malformed JSON with 400 naming the body', async () => {
    const response = await province.request('POST', '/v1/orgs', {
      rawBody: '{"name": ',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ path: 'body', message: 'is not valid JSON' }]);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await province.request('POST', '/v1/orgs', {
      rawBody: 'name=x',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const response = await asAdmin('POST', '/v1/orgs', { name: 'x'.repeat(1024 * 1024) });
    expectProblem(response, 413);
  });

  it('lets org staff create only inside their own subtree', async () => {
    const simingAdmin = await province.token({ role: 'org_admin', sub: 'staff-siming', orgId: siming.id });
    const inside = await province.request('POST', '/v1/orgs', {
      body: { name: '滨海街道联合工会', kind: 'joint_union', parentId: siming.id, regionCode: '350203' },
      headers: { authorization: `Bearer ${simingAdmin}` },
    });
    expect(inside.status).toBe(201);
    const outside = await province.request('POST', '/v1/orgs', {
      body: { name: '殿前街道联合工会', kind: 'joint_union', parentId: huli.id, regionCode: '350206' },
      headers: { authorization: `Bearer ${simingAdmin}` },
    });
    expectProblem(outside, 404);
  });

  it('returns the first answer to a retry with the same Idempotency-Key and creates nothing new', async () => {
    const body = { name: '湖里区快递行业工会', kind: 'industry_federation', parentId: huli.id, regionCode: '350206' };
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await asAdmin('POST', '/v1/orgs', body, headers);
    const retry = await asAdmin('POST', '/v1/orgs', body, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const children = await asAdmin('GET', `/v1/orgs/${huli.id}/children?limit=100`);
    expect(children.body.items.filter((org: { name: string }) => org.name === body.name)).toHaveLength(1);

    const reused = await asAdmin('POST', '/v1/orgs', { ...body, name: '别的名字' }, headers);
    expectProblem(reused, 422);
  });
});

describe('GET /v1/orgs/{orgId} and /children', () => {
  it('shows an org to staff of an ancestor', async () => {
    const xiamenAdmin = await province.token({ role: 'org_admin', sub: 'staff-xm', orgId: xiamen.id });
    const response = await province.request('GET', `/v1/orgs/${siming.id}`, { headers: { authorization: `Bearer ${xiamenAdmin}` } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: siming.id, name: '思明区总工会', parentId: xiamen.id });
  });

  it('hides orgs outside the caller subtree as 404, never data', async () => {
    const simingAdmin = await province.token({ role: 'org_admin', sub: 'staff-siming', orgId: siming.id });
    for (const orgId of [huli.id, xiamen.id, root.id]) {
      const org = await province.request('GET', `/v1/orgs/${orgId}`, { headers: { authorization: `Bearer ${simingAdmin}` } });
      expectProblem(org, 404);
      const children = await province.request('GET', `/v1/orgs/${orgId}/children`, { headers: { authorization: `Bearer ${simingAdmin}` } });
      expectProblem(children, 404);
    }
  });

  it('pages through children with limit and cursor', async () => {
    const first = await asAdmin('GET', `/v1/orgs/${xiamen.id}/children?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await asAdmin('GET', `/v1/orgs/${xiamen.id}/children?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    const all = await asAdmin('GET', `/v1/orgs/${xiamen.id}/children?limit=100`);
    expect(all.body.items.map((org: { id: string }) => org.id).sort()).toEqual([siming.id, huli.id].sort());
    expect(all.body.nextCursor).toBeNull();
  });

  it('refuses a cursor from another list and an out-of-range limit, naming the query fields', async () => {
    const page = await asAdmin('GET', `/v1/orgs/${xiamen.id}/children?limit=1`);
    const foreign = await asAdmin('GET', `/v1/orgs/${root.id}/children?cursor=${page.body.nextCursor}`);
    expectProblem(foreign, 400);
    expect(foreign.body.errors[0].path).toBe('query.cursor');
    const garbage = await asAdmin('GET', `/v1/orgs/${root.id}/children?cursor=%%%`);
    expectProblem(garbage, 400);
    const limit = await asAdmin('GET', `/v1/orgs/${root.id}/children?limit=0&unknown=1`);
    expectProblem(limit, 400);
    expect(limit.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['query.limit', 'query.unknown']);
  });
});

describe('credentials on the org routes', () => {
  it('answers 401 problem+json without a credential', async () => {
    expectProblem(await province.request('GET', `/v1/orgs/${root.id}`), 401);
  });

  it('answers 401 to a token signed by another key, an expired token and garbage', async () => {
    const { localIssuer } = await import('../../local/tokens.js');
    const forger = await localIssuer(province.issuer.issuer);
    const forged = await forger.mint({ role: 'province_admin', sub: 'mallory' });
    const expired = await province.issuer.mint({ role: 'province_admin', sub: 'admin-1' }, -60);
    for (const token of [forged, expired, 'not-a-jwt']) {
      const response = await province.request('GET', `/v1/orgs/${root.id}`, { headers: { authorization: `Bearer ${token}` } });
      expectProblem(response, 401);
    }
  });

  it('answers 401 to an unknown API key', async () => {
    const response = await province.request('GET', `/v1/orgs/${root.id}`, { headers: { 'x-api-key': 'ugk_unknown' } });
    expectProblem(response, 401);
  });

  it('answers 403 to a worker on staff routes', async () => {
    const worker = await province.token({ role: 'worker', sub: 'w-1' });
    const response = await province.request('POST', '/v1/orgs', {
      body: { name: '某工会', kind: 'joint_union', parentId: root.id, regionCode: '350203' },
      headers: { authorization: `Bearer ${worker}` },
    });
    expectProblem(response, 403);
  });

  it('answers 404 problem+json for an unknown route', async () => {
    expectProblem(await province.request('GET', '/v1/nothing-here'), 404);
  });
});

describe('OrgCreated', () => {
  it('reaches the stats projection through the outbox, the stream relay and a queue', async () => {
    const created = await asAdmin('POST', '/v1/orgs', { name: '同安区总工会', kind: 'federation', parentId: xiamen.id, regionCode: '350212' });
    const stats = await eventually(async () => {
      const response = await asAdmin('GET', `/v1/orgs/${created.body.id}/stats`);
      return response.status === 200 ? response.body : undefined;
    });
    expect(stats).toMatchObject({ orgId: created.body.id, members: { active: 0, pending: 0 }, subtree: { active: 0, pending: 0 } });
  });

  it('lets stats follow the same subtree rule as the org itself', async () => {
    await eventually(async () => ((await asAdmin('GET', `/v1/orgs/${huli.id}/stats`)).status === 200 ? true : undefined));
    const simingAdmin = await province.token({ role: 'org_admin', sub: 'staff-siming', orgId: siming.id });
    const response = await province.request('GET', `/v1/orgs/${huli.id}/stats`, { headers: { authorization: `Bearer ${simingAdmin}` } });
    expectProblem(response, 404);
  });
});
