import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../infra/openapi.js';
import { routes, site } from '../../functions/services.js';
import { openApiDocument as servedDocument } from '../../functions/health/handlers/get-openapi.js';

const committed = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));

describe('the OpenAPI document', () => {
  it('is the one the code builds (run `npm run openapi` after changing a schema)', async () => {
    expect(JSON.parse(JSON.stringify(await openApiDocument()))).toEqual(committed);
  }, 60_000);

  it('is served as committed (the function carries it compressed, written by the same `npm run openapi`)', () => {
    expect(servedDocument()).toEqual(committed);
  });

  it('documents every route of the topology with its credentials and problems', () => {
    for (const route of routes) {
      const operation = committed.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.responses['400'].content['application/problem+json']).toBeDefined();
      expect(operation.security).toEqual(route.allow === 'public' ? [] : expect.arrayContaining([expect.any(Object)]));
    }
    const documented = Object.values(committed.paths).reduce((count: number, item) => count + Object.keys(item as object).length, 0);
    expect(documented).toBe(routes.length);
  });

  it('leaves out the web pages the API serves where the province says so: they are the site, not the API partners call', () => {
    for (const path of site.paths) expect(committed.paths[path], path).toBeUndefined();
  });

  it('marks `pages` in the manifest on exactly the routes that take a cursor, so each gets the cursor key', () => {
    for (const route of routes) {
      const parameters: { in: string; name: string }[] = committed.paths[route.path][route.method.toLowerCase()].parameters ?? [];
      const takesCursor = parameters.some((parameter) => parameter.in === 'query' && parameter.name === 'cursor');
      expect(route.pages === true, `${route.method} ${route.path}`).toBe(takesCursor);
    }
    expect(routes.filter((route) => route.pages).length).toBeGreaterThan(0);
  });
});
