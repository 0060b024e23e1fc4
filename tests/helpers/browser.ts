import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../web/build.js';
import { startTestProvince, type TestProvince } from './province.js';

/** Debian's Chromium (`.ci/run` installs it); playwright-core drives it and downloads no browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of each step, kept as the run's artifacts (git-ignored). */
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results/web');

export interface WebWorld {
  province: TestProvince;
  browser: Browser;
  /** A new page (its own cookies and storage: another person) at a phone's size by default. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  /** Keeps a full-page screenshot as `test-results/web/<name>.png`. */
  shot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A province whose gateway serves freshly built web pages, and one headless Chromium for the
 * whole file (launching one per test would cost seconds each).
 */
export async function startWebWorld(): Promise<WebWorld> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const webDir = buildWeb(mkdtempSync(join(tmpdir(), 'web-')));
  const province = await startTestProvince({ webDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    province,
    browser,
    async page(viewport = { width: 360, height: 740 }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', baseURL: province.url });
      return context.newPage();
    },
    async shot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async stop() {
      await browser.close();
      await province.stop();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
