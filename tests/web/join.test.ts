import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validIdNumber, validMobile } from '../helpers/identity.js';
import { latestCode, signedInPhone, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { assetsOf } from '../../web/site.js';

let world: WebWorld;

/** A poster's join URL: the URL the QR code on the wall opens (tests/unit/orgs/poster.test.ts shows the poster draws it). */
async function posterJoinUrl(): Promise<string> {
  const headers = { authorization: `Bearer ${world.staff.siming}` };
  const link = await world.province.request('POST', `/v1/orgs/${world.orgs.siming!.id}/join-links`, { body: { station: '莲前驿站' }, headers });
  expect((await world.province.request('GET', `/v1/orgs/${world.orgs.siming!.id}/join-links/${link.body.token}/poster`, { headers })).status).toBe(200);
  return link.body.url;
}

/** A worker's phone, signed in (the sign-in itself: tests/web/sign-in.test.ts). */
const workerPhone = async (sub: string) => signedInPhone(world, { sub, token: await world.province.token({ role: 'worker', sub }) });

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.stop();
});

describe('the join page (扫码入会)', () => {
  it('takes a worker from the poster\'s URL to the e-card on a 360 px phone', async () => {
    const page = await workerPhone('join-7001');
    const mobile = validMobile(7001);
    await page.goto(await posterJoinUrl());
    await expect.poll(() => page.locator('#org-name').textContent()).toBe('思明区总工会');
    expect(await page.locator('#link-note').textContent()).toContain('莲前驿站');
    await world.shot(page, 'join-1-opened');

    await page.getByLabel('姓名 *').fill('林小东');
    await page.getByLabel('手机号 *').fill(mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.locator('#code-hint').textContent()).toContain('验证码已发送');
    await page.getByLabel('短信验证码').fill(await latestCode(world.province, mobile));
    await page.getByLabel('身份证号 *').fill(validIdNumber(7001));
    await page.getByLabel('职业 *').selectOption('food_delivery');
    await page.getByLabel('所在平台').fill('闽送即配');
    await page.getByLabel('城市').selectOption('3502');
    await page.getByLabel('区县').selectOption('350203');
    await page.getByLabel('我已阅读并同意以上说明 *').check();
    expect(await page.locator('#consent-version').textContent()).toBe('2026-01');
    await world.shot(page, 'join-2-filled');
    await page.getByRole('button', { name: '提交入会申请' }).click();

    await expect.poll(() => page.locator('#ecard').isVisible()).toBe(true);
    expect(await page.locator('#ecard-org').textContent()).toBe('思明区总工会');
    expect(await page.locator('#ecard-name').textContent()).toMatch(/^林\*+$/);
    expect(await page.locator('#ecard-status').textContent()).toBe('待工会审核');
    // Nothing sideways at 360 px: the page fits the phone's width.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await world.shot(page, 'join-3-ecard');

    // The same phone comes back to its e-card, not to a new form.
    await page.reload();
    await expect.poll(() => page.locator('#ecard').isVisible()).toBe(true);
    expect(await page.locator('#join-form').isVisible()).toBe(false);
  });

  it('shows a bad ID number\'s error next to the field as the worker types, and the API\'s field errors the same way', async () => {
    const page = await workerPhone('join-7002');
    const mobile = validMobile(7002);
    await page.goto(await posterJoinUrl());
    const idNumber = page.getByLabel('身份证号 *');
    await idNumber.fill(`${validIdNumber(7002).slice(0, 17)}${validIdNumber(7002).endsWith('1') ? '2' : '1'}`);
    await idNumber.blur();
    await expect.poll(() => idNumber.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#idNumber-error').textContent()).toContain('身份证号不正确');
    // The message is what a screen reader reads with the field.
    expect(await idNumber.getAttribute('aria-describedby')).toBe('idNumber-error');
    await world.shot(page, 'join-4-bad-id-number');
    await idNumber.fill(validIdNumber(7002));
    await expect.poll(() => page.locator('#idNumber-error').textContent()).toBe('');

    // A wrong SMS code passes the page's checks; the API's problem names the field it belongs to.
    await page.getByLabel('姓名 *').fill('陈小北');
    await page.getByLabel('手机号 *').fill(mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.locator('#code-hint').textContent()).toContain('验证码已发送');
    const right = await latestCode(world.province, mobile);
    await page.getByLabel('短信验证码').fill(right === '000000' ? '111111' : '000000');
    await page.getByLabel('职业 *').selectOption('courier');
    await page.getByLabel('城市').selectOption('3502');
    await page.getByLabel('区县').selectOption('350206');
    await page.getByLabel('我已阅读并同意以上说明 *').check();
    await page.getByRole('button', { name: '提交入会申请' }).click();
    await expect.poll(() => page.locator('#code-error').textContent()).not.toBe('');
    expect(await page.getByLabel('短信验证码').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.id')).toBe('code');
    await world.shot(page, 'join-5-api-field-error');
  });

  it('serves the pages with the site\'s security headers, and the join page under 100 KB compressed', async () => {
    const response = await fetch(`${world.province.url}/join`);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = assetsOf(html);
    expect(assets).toHaveLength(2);
    let bytes = gzipSync(html).length;
    for (const asset of assets) bytes += gzipSync(Buffer.from(await (await fetch(`${world.province.url}/${asset}`)).arrayBuffer())).length;
    expect(bytes).toBeLessThan(100 * 1024);
  });
});
