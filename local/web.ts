import type { APIGatewayProxyResult } from 'aws-lambda';
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { PAGES } from '../web/build.js';
import { securityHeaders } from '../web/headers.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A GET the site answers: its pages and `assets/`; anything else is the API's. */
export type StaticSite = (pathname: string) => APIGatewayProxyResult | undefined;

/**
 * Serves the built web pages (`web/build.ts`) as the deployed CDN would: each page at its path,
 * assets by name only (no path walks out of the folder), with the site's security headers.
 * Pages are revalidated at every load, so a rebuilt page shows on the next reload.
 */
export function staticSite(dir: string): StaticSite {
  return (pathname) => {
    const page = PAGES[pathname as keyof typeof PAGES];
    const asset = /^\/assets\/([\w-]+\.(?:js|css))$/.exec(pathname)?.[1];
    const file = page ?? (asset ? `assets/${asset}` : undefined);
    if (!file) return undefined;
    const path = resolve(dir, file);
    if (!existsSync(path)) return undefined;
    return {
      statusCode: 200,
      headers: { 'content-type': TYPES[extname(file)]!, 'cache-control': 'no-cache', ...securityHeaders(pathname === '/docs' ? 'docs' : 'other') },
      body: readFileSync(path, 'utf8'),
    };
  };
}
