import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../../../functions/web/handlers/serve-site.js';
import { fujian } from '../../../infra/provinces/fujian.js';
import { gatewayProblem } from '../../../shared/http/problem.js';
import { buildWeb } from '../../../web/build.js';
import { securityHeaders } from '../../../web/headers.js';
import { ASSETS_PATH, PAGES, staticSite } from '../../../web/site.js';

// Lambda refuses a synchronous function's answer above 6 MB (API Gateway's own limit is 10 MB).
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;
const CONTENT_TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

describe('the site function (web.hosting: api)', () => {
  let dir: string;
  let deployed: ReturnType<typeof serveSite>;
  const asset = (file: string) => deployed({ resource: ASSETS_PATH, pathParameters: { file } });

  beforeAll(() => {
    dir = buildWeb(mkdtempSync(join(tmpdir(), 'site-')), fujian);
    deployed = serveSite(staticSite(dir, fujian.jwt.issuer));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every page and asset with the local site\'s bytes, content type and headers, its CSP letting the pages reach the identity provider', async () => {
    const local = staticSite(dir);
    const requests = [
      ...Object.entries(PAGES).map(([path, file]) => ({ path, file, event: { resource: path, pathParameters: null } })),
      ...readdirSync(join(dir, 'assets')).map((name) => ({ path: `/assets/${name}`, file: `assets/${name}`, event: { resource: ASSETS_PATH, pathParameters: { file: name } } })),
    ];
    expect(requests.map(({ file }) => file)).toEqual(expect.arrayContaining(['join.html', 'assets/join.js', 'assets/join.css', 'assets/scalar.js']));
    for (const { path, file, event } of requests) {
      const response = await deployed(event);
      const served = local(path)!;
      expect(response.statusCode, path).toBe(200);
      expect(response.body, path).toBe(readFileSync(join(dir, file), 'utf8'));
      expect(response.body, path).toBe(served.body);
      const contentType = CONTENT_TYPES[file.split('.').pop() as keyof typeof CONTENT_TYPES];
      const page = path === '/docs' ? 'docs' : 'other';
      expect(served.headers).toEqual({ 'content-type': contentType, 'cache-control': 'no-cache', ...securityHeaders(page) });
      expect(response.headers, path).toEqual({ ...served.headers, ...securityHeaders(page, fujian.jwt.issuer) });
      expect(response.headers!['content-security-policy'], path).toContain("connect-src 'self' https://id.fj.union.example.cn;");
      expect(Buffer.byteLength(JSON.stringify(response)), path).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
    }
  });

  it('compiles the province into the pages it serves', async () => {
    const script = (await asset('join.js')).body;
    expect(script).toContain(fujian.jwt.webClientId);
    expect(script).toContain(fujian.jwt.issuer);
  });

  it('answers an unknown asset, or a name that would leave the folder, with the API\'s 404 problem', async () => {
    const notFound = { statusCode: 404, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(gatewayProblem('MISSING_AUTHENTICATION_TOKEN')) };
    for (const file of ['missing.js', 'join.html', 'join.ts', '../build.ts', '..%2Fbuild.ts', '../../package.json', '..', '.', '', 'join.js/..', '/etc/passwd', 'scalar.js%00.css']) {
      expect(await asset(file), file).toEqual(notFound);
    }
    expect(await deployed({ resource: ASSETS_PATH, pathParameters: null })).toEqual(notFound);
    expect(await deployed({ resource: '/v1/health', pathParameters: null })).toEqual(notFound);
  });
});
