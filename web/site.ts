import type { APIGatewayProxyResult } from 'aws-lambda';
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { securityHeaders } from './headers.js';

/** The pages: each is its HTML at a path of its own and a script bundle in `assets/`. */
export const PAGES = { '/': 'index.html', '/join': 'join.html', '/me': 'me.html', '/console': 'console.html', '/docs': 'docs.html' } as const;

/** Where the pages' scripts and styles are, as an API Gateway resource path. */
export const ASSETS_PATH = '/assets/{file}';

/** Every path the site answers, as API Gateway resource paths: the pages and their assets. */
export const SITE_PATHS: readonly string[] = [...Object.keys(PAGES), ASSETS_PATH];

/** The scripts and styles a page's HTML loads from the site's assets, as `assets/<file>`. */
export const assetsOf = (html: string): string[] => [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]!);

/**
 * Where the site function (`web.hosting: 'api'`) finds the build: a folder of this name beside its
 * bundle, which the stack copies there.
 */
export const SITE_FOLDER = 'site';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A GET the site answers: its pages and `assets/`; undefined for any other path. */
export type StaticSite = (pathname: string) => APIGatewayProxyResult | undefined;

/**
 * Serves the built web pages (`web/build.ts`) from `dir`: each page at its path, assets by name
 * only (no path walks out of the folder), with the site's security headers. The local gateway
 * and the deployed site function (`web.hosting: 'api'`) both answer through this, so they send
 * the same bytes and headers. Pages are revalidated at every load, so a rebuilt page shows on the
 * next reload. `identityProvider` is the issuer the pages sign in at, when it is another origin.
 */
export function staticSite(dir: string, identityProvider?: string): StaticSite {
  return (pathname) => {
    const page = PAGES[pathname as keyof typeof PAGES];
    const asset = /^\/assets\/([\w-]+\.(?:js|css))$/.exec(pathname)?.[1];
    const file = page ?? (asset ? `assets/${asset}` : undefined);
    if (!file) return undefined;
    const path = resolve(dir, file);
    if (!existsSync(path)) return undefined;
    return {
      statusCode: 200,
      headers: { 'content-type': TYPES[extname(file)]!, 'cache-control': 'no-cache', ...securityHeaders(pathname === '/docs' ? 'docs' : 'other', identityProvider) },
      body: readFileSync(path, 'utf8'),
    };
  };
}
