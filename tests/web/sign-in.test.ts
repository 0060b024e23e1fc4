import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerSubject } from '../../local/identity-provider.js';
import { latestCode, signInAsStaff, signInAsWorker, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { validMobile } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';

let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.stop();
});

const sessionOf = async (page: Page, key: string) => JSON.parse((await page.evaluate(`localStorage.getItem(${JSON.stringify(key)})`)) as string);

/** The page's requests to the provider's token endpoint: the code exchanges it made. */
function tokenRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/local/token') seen.push(request);
  });
  return seen;
}

describe('sign-in at the local identity provider (authorization code + PKCE)', () => {
  it('signs staff in to the console: off to the provider, an org picked, back with its figures', async () => {
    const desk = await world.page({ width: 1280, height: 900 });
    const exchanges = tokenRequests(desk);
    await desk.goto('/console');
    await desk.getByRole('button', { name: '登录' }).click();
    await desk.waitForURL(/\/local\/interaction\//);
    await world.shot(desk, 'sign-in-1-provider');
    await signInAsStaff(desk, '思明区总工会');

    await expect.poll(() => desk.locator('#org-label').textContent()).toBe('思明区总工会');
    await expect.poll(() => desk.locator('#figures').textContent()).toContain('本级会员');
    expect(new URL(desk.url()).search).toBe('');
    const session = await sessionOf(desk, 'union.staff');
    expect(session.claims).toEqual({ sub: `staff-${world.orgs.siming!.id}`, role: 'org_admin', orgId: world.orgs.siming!.id });
    // The provider's token is what the API takes, as any caller's would be.
    expect((await world.province.request('GET', `/v1/orgs/${world.orgs.siming!.id}/stats`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(200);
    expect(session.expiresAt).toBeGreaterThan(Date.now());
    // A public client: the verifier, no secret.
    const exchange = new URLSearchParams(exchanges[0]!.postData() ?? '');
    expect(exchange.get('code_verifier')).toMatch(/^[\w-]{43}$/);
    expect(exchange.get('client_secret')).toBeNull();
    await world.shot(desk, 'sign-in-2-console');

    // Signing out forgets the session; signing in again asks the person again (prompt=login).
    await desk.getByRole('button', { name: '退出' }).click();
    await expect.poll(() => desk.getByRole('button', { name: '登录' }).isVisible()).toBe(true);
    const [again] = await Promise.all([desk.waitForRequest(/\/local\/auth\?/), desk.getByRole('button', { name: '登录' }).click()]);
    expect(new URL(again.url()).searchParams.get('prompt')).toBe('login');
    expect(new URL(again.url()).searchParams.get('code_challenge_method')).toBe('S256');
    await desk.waitForURL(/\/local\/interaction\//);
  });

  it('signs a worker in on /me with a mobile and the SMS code from the local outbox, back to the membership', async () => {
    const mobile = validMobile(8101);
    await activeMember(world.province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id, sub: workerSubject(world.province.issuer, mobile) });
    const phone = await world.page();
    await phone.goto('/me');
    await expect.poll(() => phone.locator('#page-message').textContent()).toContain('请先登录');
    await phone.getByRole('button', { name: '登录' }).click();
    await phone.waitForURL(/\/local\/interaction\//);

    await phone.getByLabel('手机号').fill(mobile);
    await phone.getByRole('button', { name: '获取验证码' }).click();
    await phone.getByLabel('验证码').fill('000000');
    await phone.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => phone.locator('#code-error').textContent()).toBe('验证码不对，请重新输入');
    await world.shot(phone, 'sign-in-3-wrong-code');
    await phone.getByLabel('验证码').fill(await latestCode(world.province, mobile));
    await phone.getByRole('button', { name: '登录' }).click();

    await expect.poll(() => phone.locator('#ecard-status').textContent()).toBe('正式会员');
    expect(await phone.locator('#ecard-org').textContent()).toBe('思明区总工会');
    expect(new URL(phone.url()).pathname).toBe('/me');
    expect((await sessionOf(phone, 'union.worker')).claims).toEqual({ sub: workerSubject(world.province.issuer, mobile), role: 'worker' });
    await world.shot(phone, 'sign-in-4-me');
  });

  it('refuses an answer whose state this tab did not send, and a code used once already', async () => {
    const phone = await world.page();
    const exchanges = tokenRequests(phone);
    await phone.goto('/me');
    await phone.getByRole('button', { name: '登录' }).click();
    await phone.waitForURL(/\/local\/interaction\//);
    const callbacks: string[] = [];
    phone.on('request', (request) => {
      if (request.isNavigationRequest() && new URL(request.url()).searchParams.has('code')) callbacks.push(request.url());
    });
    await signInAsWorker(phone, world.province, validMobile(8102));
    await expect.poll(() => phone.locator('#page-message').textContent()).toContain('您还不是工会会员');

    // The provider's answer again (a replayed URL): this tab's sign-in is spent, so it is refused
    // before any exchange, and the session kept is not replaced.
    const kept = await sessionOf(phone, 'union.worker');
    await phone.goto(callbacks[0]!);
    await expect.poll(() => phone.locator('#page-message').textContent()).toBe('登录请求无效或已使用，请重新登录。');
    expect(exchanges).toHaveLength(1);
    expect((await sessionOf(phone, 'union.worker')).token).toBe(kept.token);

    // An answer with a state other than the one a tab sent (a forged callback): refused, nothing exchanged.
    const stranger = await world.page();
    const strangerExchanges = tokenRequests(stranger);
    await stranger.goto('/me');
    await stranger.getByRole('button', { name: '登录' }).click();
    await stranger.waitForURL(/\/local\/interaction\//);
    await stranger.goto(`/me?code=${new URL(callbacks[0]!).searchParams.get('code')}&state=forged`);
    await expect.poll(() => stranger.locator('#page-message').textContent()).toBe('登录请求无效或已使用，请重新登录。');
    expect(strangerExchanges).toHaveLength(0);
    expect(await stranger.evaluate('localStorage.getItem("union.worker")')).toBeNull();

    // The code itself, exchanged again with the right verifier, is refused by the provider.
    const replay = await fetch(`${world.province.url}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: world.province.url },
      body: exchanges[0]!.postData()!,
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('sends a worker who scans a join link to the sign-in and back to the form of that link', async () => {
    const link = await world.province.request('POST', `/v1/orgs/${world.orgs.huli!.id}/join-links`, { body: {}, headers: { authorization: `Bearer ${world.staff.huli}` } });
    const phone = await world.page();
    await phone.goto(link.body.url);
    await phone.waitForURL(/\/local\/interaction\//);
    await signInAsWorker(phone, world.province, validMobile(8103));
    await expect.poll(() => phone.locator('#join-form').isVisible()).toBe(true);
    expect(await phone.locator('#org-name').textContent()).toBe('湖里区总工会');
    expect(new URL(phone.url()).searchParams.get('token')).toBe(link.body.token);
  });
});
