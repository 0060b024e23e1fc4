import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/services.js';
import type { Role, RouteSpec } from '../../shared/topology.js';
import { fuzzRequests, type FuzzRequest, type OpenApiDocument } from '../helpers/fuzz-requests.js';
import { oneCallerPerRole } from '../helpers/callers.js';
import { startTestProvince, type TestProvince } from '../helpers/province.js';
import { provinceItems } from '../helpers/tables.js';

/**
 * Every route of the API document, sent generated requests through the local gateway: bodies,
 * path parameters, query strings and headers shaped like the route's schemas with flaws in
 * them (unknown fields, `__proto__` keys, wrong types, missing fields, huge, empty, control and
 * bidi strings, edge numbers, deep nesting). Each request has at least one flaw no valid request
 * has, so each has one right answer: 400 problem+json naming every such flaw, never a 5xx,
 * never a 2xx; and after all of them, nothing was written. Runs per route: `FUZZ_RUNS` (20).
 */
const document: OpenApiDocument = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

let province: TestProvince;
let credentials: Record<Role, Record<string, string>>;
let before: Record<string, number>;

/** Items in each of the province's tables. */
async function itemCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const [table] of provinceItems(province)) counts[table] = (counts[table] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  province = await startTestProvince({ pollers: false });
  credentials = await oneCallerPerRole(province, 700);
  before = await itemCounts();
});

afterAll(async () => {
  await province?.stop();
});

/** The caller the sweep uses: the province admin where it may call, else the first role the route admits. */
const callerOf = (route: RouteSpec) => (route.allow === 'public' ? {} : credentials[route.allow.includes('province_admin') ? 'province_admin' : route.allow[0]!]);

async function send(request: FuzzRequest) {
  const response = await fetch(`${province.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

/** A flaw is named when an error sits at its path, or at a field inside it, or at the field it is inside. */
const names = (paths: string[], flaw: string) => paths.some((path) => path === flaw || path.startsWith(`${flaw}.`) || flaw.startsWith(`${path}.`));

describe('fuzzing every route of the API document', () => {
  it('covers every route of the topology, and nothing the topology lacks', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}: flawed requests get 400 naming each flaw`, async () => {
      await fc.assert(
        fc.asyncProperty(fuzzRequests(document, route.method, route.path, callerOf(route)), async (request) => {
          const response = await send(request);
          const paths: string[] = (response.body?.errors ?? []).map((error: { path: string }) => error.path);
          const unnamed = request.flaws.filter((flaw) => !names(paths, flaw));
          const context = JSON.stringify({ status: response.status, flaws: request.flaws, errors: paths, detail: response.body?.detail });
          expect(response.status, context).toBe(400);
          expect(response.contentType).toContain('application/problem+json');
          expect(unnamed, context).toEqual([]);
          expect(paths.every((path) => /^(path|query|body|header)(\.|$)/.test(path)), context).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });
  }

  for (const route of routes.filter((route) => route.method === 'POST' || route.method === 'PUT')) {
    it(`${route.method} ${route.path}: a body over 1 MiB gets 413`, async () => {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (['seq', 'year'].includes(name) ? '1' : `fuzz-${name}`));
      const response = await send({ method: route.method, path, headers: { ...callerOf(route), 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }), flaws: [] });
      expect(response.status).toBe(413);
      expect(response.contentType).toContain('application/problem+json');
    });
  }

  it('wrote nothing: every table holds the items it held before the sweep', async () => {
    expect(await itemCounts()).toEqual(before);
  });
});
