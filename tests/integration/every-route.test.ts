import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/services.js';
import type { Role, RouteSpec } from '../../shared/topology.js';
import { validCreditCode } from '../helpers/identity.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

/**
 * Every route of the topology, called by a role it admits with input it cannot accept: the
 * answer is a 4xx problem naming what is wrong, never a 5xx, and never a 2xx.
 */
let province: TestProvince;
const credentials = {} as Record<Role, Record<string, string>>;

beforeAll(async () => {
  province = await startTestProvince({ pollers: false });
  const bearer = async (claims: Parameters<TestProvince['token']>[0]) => ({ authorization: `Bearer ${await province.token(claims)}` });
  credentials.province_admin = await bearer({ role: 'province_admin', sub: 'admin' });
  credentials.org_admin = await bearer({ role: 'org_admin', sub: 'staff', orgId: 'org_x' });
  credentials.worker = await bearer({ role: 'worker', sub: 'w' });
  for (const [i, kind] of (['partner', 'donor', 'employer'] as const).entries()) {
    const account = await province.request('POST', '/v1/accounts', {
      body: { kind, name: '某公司', creditCode: validCreditCode(900 + i) },
      headers: credentials.province_admin,
    });
    credentials[kind] = { 'x-api-key': account.body.apiKey };
  }
});

afterAll(async () => {
  await province?.stop();
});

const pathOf = (route: RouteSpec) => route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'seq' || name === 'year' ? 'not-a-number' : `missing-${name}`));
const headersFor = (route: RouteSpec) => (route.allow === 'public' ? {} : credentials[route.allow[0]!]);

describe('every route', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path} refuses unknown input with a 4xx problem`, async () => {
      const withBody = route.method === 'POST' || route.method === 'PUT';
      const response = await province.request(route.method, `${pathOf(route)}?unexpected=1`, {
        headers: headersFor(route),
        ...(withBody ? { body: { unexpected: true } } : {}),
      });
      expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      if (response.status === 400) {
        expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('query.unexpected');
      }
    });

    if (route.method !== 'POST' && route.method !== 'PUT') continue;
    it(`${route.method} ${route.path} answers malformed JSON with 400 naming the body`, async () => {
      const response = await province.request(route.method, pathOf(route), {
        rawBody: '{"oops": ',
        headers: { ...headersFor(route), 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ path: 'body', message: 'is not valid JSON' }]);
    });
  }
});
