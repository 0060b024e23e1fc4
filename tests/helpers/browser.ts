import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { buildWeb } from '../../web/build.js';
import { fujian } from '../../infra/provinces/fujian.js';
import { localSignIn } from '../../local/identity-provider.js';
import { localIssuer } from '../../local/tokens.js';
import { seedOrgTree } from './org-tree.js';
import { startTestProvince, type TestProvince } from './province.js';

/** Debian's Chromium (`.ci/run` installs it); playwright-core drives it and downloads no browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of each step, kept as the run's artifacts (git-ignored). */
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results/web');

export interface WebWorld {
  province: TestProvince;
  browser: Browser;
  /** The union tree most web tests run in (`seedOrgTree`), by key, and a token of staff of each. */
  orgs: Record<string, { id: string }>;
  staff: Record<string, string>;
  /** A new page (its own cookies and storage: another person) at a phone's size by default. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  /** Keeps a full-page screenshot as `test-results/web/<name>.png`. */
  shot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

/** A port nobody listens on now, for a gateway whose issuer URL must name its port before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A province whose gateway serves freshly built web pages, which sign in at its local identity
 * provider (`/local`, as under `npm start`), and one headless Chromium for the whole file
 * (launching one per test would cost seconds each); with `orgTree`, the seeded org tree and its
 * staff (`orgs`, `staff`).
 */
export async function startWebWorld({ orgTree = true }: { orgTree?: boolean } = {}): Promise<WebWorld> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const port = await freePort();
  const issuer = await localIssuer(`http://127.0.0.1:${port}/local`);
  const webDir = buildWeb(mkdtempSync(join(tmpdir(), 'web-')), { ...fujian, jwt: localSignIn(issuer) });
  const province = await startTestProvince({ webDir, port, issuer });
  const tree: Pick<WebWorld, 'orgs' | 'staff'> = { orgs: {}, staff: {} };
  if (orgTree) await seedOrgTree(province, await province.token({ role: 'province_admin', sub: 'admin' }), tree);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    province,
    browser,
    ...tree,
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

/** The code of the latest SMS the local outbox holds for `mobile`. */
export async function latestCode(province: TestProvince, mobile: string): Promise<string> {
  const outbox = await province.request('GET', `/local/sms?mobile=${mobile}`);
  const code = /\d{6}/.exec(outbox.body.items[0]?.text ?? '')?.[0];
  if (!code) throw new Error(`No code in the local SMS outbox for ${mobile}`);
  return code;
}

/** A worker on the local provider's sign-in page: types the mobile, then the code the local outbox shows. */
export async function signInAsWorker(page: Page, province: TestProvince, mobile: string): Promise<void> {
  await page.getByLabel('手机号').fill(mobile);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('验证码').waitFor();
  await page.getByLabel('验证码').fill(await latestCode(province, mobile));
  await page.getByRole('button', { name: '登录' }).click();
}

/** Staff on the local provider's sign-in page: pick the org (and a role) and sign in. */
export async function signInAsStaff(page: Page, orgName: string, role = '工会工作人员'): Promise<void> {
  await page.getByLabel('工会', { exact: true }).selectOption({ label: orgName });
  await page.getByLabel('身份').selectOption({ label: role });
  await page.getByRole('button', { name: '登录' }).click();
}

/** A desk at the console, signed in as staff of `orgName`, once the console shows that org. */
export async function openConsole(world: WebWorld, orgName: string): Promise<Page> {
  const desk = await world.page({ width: 1280, height: 900 });
  await desk.goto('/console');
  await desk.getByRole('button', { name: '登录' }).click();
  await signInAsStaff(desk, orgName);
  await expect.poll(() => desk.locator('#org-label').textContent()).toBe(orgName);
  return desk;
}

/**
 * A phone on which this worker signed in before: the worker pages find the session they keep in
 * localStorage, so a test of what follows sign-in (tests/web/sign-in.test.ts tests the sign-in).
 */
export async function signedInPhone(world: WebWorld, worker: { token: string; sub: string }): Promise<Page> {
  const page = await world.page();
  const session = { claims: { sub: worker.sub, role: 'worker' }, token: worker.token };
  await page.addInitScript(`localStorage.setItem('union.worker', ${JSON.stringify(JSON.stringify(session))})`);
  return page;
}
