import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorld, type WebWorld } from '../helpers/browser.js';

let world: WebWorld;

beforeAll(async () => {
  // The page documents the API; it reads no org.
  world = await startWebWorld({ orgTree: false });
});

afterAll(async () => {
  await world?.stop();
});

describe('the API docs page (/docs)', () => {
  it('renders the served OpenAPI document and lists every route in it', async () => {
    const document = (await world.province.request('GET', '/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const page = await world.page({ width: 1280, height: 900 });
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    page.on('requestfailed', (request) => blocked.push(`${request.url()} failed`));

    await page.goto('/docs');
    const operations = page.locator('.t-doc__sidebar .sidebar-heading-type');
    await expect.poll(() => operations.count(), { timeout: 20_000 }).toBe(routes.length);
    await page.screenshot({ path: 'test-results/web/docs-1-reference.png' });

    // Each sidebar entry is an operation's path and its method's badge (DELETE shows as DEL, after a screen reader's "HTTP Method:").
    const listed = await page.locator('.t-doc__sidebar li').evaluateAll((items) =>
      items.filter((item) => item.querySelector('.sidebar-heading-type') && item.querySelectorAll('li').length === 0).map((item) => item.textContent!.replace(/\s+/g, '')),
    );
    const shown = listed.map((text) => {
      const [, path, method] = /^(\/.*?)(?:HTTPMethod:)?(GET|POST|PUT|DEL|DELETE)$/.exec(text) ?? [];
      return `${method === 'DEL' ? 'DELETE' : method} ${path}`;
    });
    expect([...shown].sort()).toEqual([...routes].sort());
    expect(blocked).toEqual([]);
  });
});
