import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/services.js';
import type { Role, RouteSpec } from '../../shared/topology.js';
import { oneCallerPerRole } from '../helpers/callers.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';

/**
 * Every route of the topology, called by a role it admits with input it cannot accept: the
 * answer is a 400 problem naming what is wrong, never a 5xx, and never a 2xx. Each test states
 * the answer it expects, so none passes by answering something else.
 */
let province: TestProvince;
let credentials: Record<Role, Record<string, string>>;

beforeAll(async () => {
  province = await startTestProvince({ pollers: false });
  credentials = await oneCallerPerRole(province, 900);
});

afterAll(async () => {
  await province?.stop();
});

/** The path parameters a route declares, e.g. `['rosterId', 'seq']`. */
const parametersOf = (route: RouteSpec) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
/** Integer parameters: the sweep sends them a word, which their schema must refuse. */
const NUMERIC = new Set(['seq', 'year']);
const pathOf = (route: RouteSpec, values: (name: string) => string = (name) => (NUMERIC.has(name) ? 'not-a-number' : `missing-${name}`)) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => values(name));
const headersFor = (route: RouteSpec) => (route.allow === 'public' ? {} : credentials[route.allow[0]!]);
const hasBody = (route: RouteSpec) => route.method === 'POST' || route.method === 'PUT';
const errorPaths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((error) => error.path);

describe('every route', () => {
  it('is swept: the topology has routes, with path parameters among them', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.flatMap(parametersOf).length).toBeGreaterThan(5);
  });

  for (const route of routes) {
    // Validation runs before any lookup, so every route, whatever it does, answers this request
    // the same way: 400 listing the unknown query field, the unknown body field where it takes a
    // body, and each integer path parameter sent a word.
    const expected = [
      'query.unexpected',
      ...(hasBody(route) ? ['body.unexpected'] : []),
      ...parametersOf(route).filter((name) => NUMERIC.has(name)).map((name) => `path.${name}`),
    ];
    it(`${route.method} ${route.path} answers unknown input with 400 naming ${expected.join(', ')}`, async () => {
      const response = await province.request(route.method, `${pathOf(route)}?unexpected=1`, {
        headers: headersFor(route),
        ...(hasBody(route) ? { body: { unexpected: true } } : {}),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(errorPaths(response.body)).toEqual(expect.arrayContaining(expected));
    });

    for (const parameter of parametersOf(route)) {
      it(`${route.method} ${route.path} answers a 3,000-character {${parameter}} with 400 naming path.${parameter}`, async () => {
        const path = pathOf(route, (name) => (name === parameter ? 'x'.repeat(3000) : NUMERIC.has(name) ? '1' : `missing-${name}`));
        const response = await province.request(route.method, path, {
          headers: headersFor(route),
          ...(hasBody(route) ? { body: {} } : {}),
        });
        expect(response.status, JSON.stringify(response.body)).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(errorPaths(response.body)).toContain(`path.${parameter}`);
      });
    }

    if (!hasBody(route)) continue;
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
