import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPhone, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { activeMember } from '../helpers/members.js';
import { seedOrgTree } from '../helpers/org-tree.js';

let world: WebWorld;
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};

const phoneOf = (member: { token: string; workerId: string }) => signedInPhone(world, { token: member.token, sub: member.workerId.replace(/^worker:/, '') });

beforeAll(async () => {
  world = await startWebWorld();
  await seedOrgTree(world.province, await world.province.token({ role: 'province_admin', sub: 'admin' }), { orgs, staff });
});

afterAll(async () => {
  await world?.stop();
});

describe('my membership (/me) on a 360 px phone', () => {
  it('shows the e-card and asks a transfer to the union whose join link the member has', async () => {
    const member = await activeMember(world.province, { staffToken: staff.siming!, orgId: orgs.siming!.id });
    const huliLink = await world.province.request('POST', `/v1/orgs/${orgs.huli!.id}/join-links`, { body: {}, headers: { authorization: `Bearer ${staff.huli}` } });
    const page = await phoneOf(member);

    await page.goto('/me');
    await expect.poll(() => page.locator('#ecard-status').textContent()).toBe('正式会员');
    expect(await page.locator('#ecard-org').textContent()).toBe('思明区总工会');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await world.shot(page, 'me-1-card');

    await page.getByLabel('新工会的入会链接 *').fill('not a link');
    await page.getByRole('button', { name: '申请转会' }).click();
    await expect.poll(() => page.locator('#transfer-error').textContent()).not.toBe('');
    expect(await page.getByLabel('新工会的入会链接 *').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('新工会的入会链接 *').fill(huliLink.body.url);
    await page.getByRole('button', { name: '申请转会' }).click();
    await expect.poll(() => page.locator('#action-message').textContent()).toContain('转会申请已提交');
    await world.shot(page, 'me-2-transfer-requested');
  });

  it('leaves the union only after the member confirms', async () => {
    const member = await activeMember(world.province, { staffToken: staff.siming!, orgId: orgs.siming!.id });
    const page = await phoneOf(member);
    await page.goto('/me');
    await expect.poll(() => page.locator('#ecard-status').textContent()).toBe('正式会员');

    await page.getByRole('button', { name: '退出工会' }).click();
    await page.getByRole('button', { name: '取消' }).first().click();
    expect(await page.locator('#leave-confirm').isVisible()).toBe(false);
    await page.getByRole('button', { name: '退出工会' }).click();
    expect(await page.getByRole('button', { name: '退出工会' }).getAttribute('aria-expanded')).toBe('true');
    await world.shot(page, 'me-3-leave-confirm');
    await page.getByRole('button', { name: '确认退出' }).click();

    await expect.poll(() => page.locator('#ecard-status').textContent()).toBe('已退会');
    expect((await world.province.request('GET', '/v1/memberships/me', { headers: { authorization: `Bearer ${member.token}` } })).body.status).toBe('left');
  });

  it('erases the member\'s personal data once they tick that it cannot be undone', async () => {
    const member = await activeMember(world.province, { staffToken: staff.siming!, orgId: orgs.siming!.id });
    const page = await phoneOf(member);
    await page.goto('/me');
    await expect.poll(() => page.locator('#ecard-status').textContent()).toBe('正式会员');

    await page.getByRole('button', { name: '注销个人信息' }).click();
    expect(await page.getByRole('button', { name: '确认注销' }).isDisabled()).toBe(true);
    await page.getByLabel('我了解注销后无法恢复').check();
    await page.getByRole('button', { name: '确认注销' }).click();

    await expect.poll(() => page.locator('#page-message').textContent()).toContain('已注销');
    expect(await page.locator('#ecard').isVisible()).toBe(false);
    await world.shot(page, 'me-4-erased');
    // Erased: the membership is gone for the worker too.
    expect((await world.province.request('GET', '/v1/memberships/me', { headers: { authorization: `Bearer ${member.token}` } })).status).toBe(404);
  });
});
