import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fujian } from '../infra/provinces/fujian.js';
import type { ProvinceConfig } from '../infra/provinces/schema.js';

const here = import.meta.dirname;
/** Where `npm start` and the browser tests serve the pages from (git-ignored). */
export const WEB_DIST = resolve(here, 'dist');

/**
 * What the pages sign in with: the province's identity provider (docs/adr/0031). The access
 * token's audience is the provider's default for this client (what DEPLOY.md asks to register),
 * not asked for: a resource indicator must be an absolute URI, and audiences often are not.
 */
export const signInOf = (jwt: ProvinceConfig['jwt']) => ({ issuer: jwt.issuer, clientId: jwt.webClientId, scopes: ['openid'] });

/**
 * Builds the web pages for one province into `outDir`: plain TypeScript bundled by esbuild (no
 * framework, no CDN), the province's platform list and identity provider compiled in, and the
 * API reference renderer copied from npm. Fast enough (well under a second) to run at every
 * `npm start`, which passes the local identity provider as `jwt`. Synchronous, because CDK
 * bundles the deployed site's asset in a synchronous hook (infra/constructs/web-hosting.ts).
 */
export function buildWeb(outDir = WEB_DIST, province: Pick<ProvinceConfig, 'code' | 'name' | 'platforms' | 'jwt'> = fujian): string {
  rmSync(outDir, { recursive: true, force: true });
  const assets = resolve(outDir, 'assets');
  mkdirSync(assets, { recursive: true });
  buildSync({
    entryPoints: { join: resolve(here, 'join/join.ts'), me: resolve(here, 'me/me.ts'), console: resolve(here, 'console/console.ts'), docs: resolve(here, 'docs/docs.ts') },
    outdir: assets,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    // Phones in use among riders: Android WebView and iOS Safari of the last few years.
    target: ['es2020', 'chrome87', 'safari15'],
    define: { PROVINCE: JSON.stringify({ code: province.code, name: province.name, platforms: province.platforms, signIn: signInOf(province.jwt) }) },
    logLevel: 'warning',
  });
  for (const [file, from] of [['index.html', 'index.html'], ['join.html', 'join/index.html'], ['me.html', 'me/index.html'], ['console.html', 'console/index.html'], ['docs.html', 'docs/index.html']] as const) {
    copyFileSync(resolve(here, from), resolve(outDir, file));
  }
  for (const css of ['join/join.css', 'console/console.css']) copyFileSync(resolve(here, css), resolve(assets, css.split('/')[1]!));
  copyFileSync(resolve(here, '../node_modules/@scalar/api-reference/dist/browser/standalone.js'), resolve(assets, 'scalar.js'));
  return outDir;
}

// `npm run web -- [outDir] [province]`: a province's pages, e.g. for its own web host (DEPLOY.md).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [outDir, provinceKey] = process.argv.slice(2);
  const { provinceConfig } = await import('../infra/provinces/index.js');
  console.log(`Web pages built into ${buildWeb(outDir ? resolve(outDir) : WEB_DIST, provinceKey ? provinceConfig(provinceKey) : fujian)}`);
}
