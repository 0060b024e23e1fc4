import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPhone, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { validCreditCode } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually } from '../helpers/province.js';
import { openCampaign, submitWish } from '../helpers/wishes.js';

let world: WebWorld;

const phoneOf = (member: { token: string; workerId: string }) => signedInPhone(world, { token: member.token, sub: member.workerId.replace(/^worker:/, '') });

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.stop();
});

describe('my membership (/me) on a 360 px phone', () => {
  it('shows the e-card and asks a transfer to the union whose join link the member has', async () => {
    const member = await activeMember(world.province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
    const huliLink = await world.province.request('POST', `/v1/orgs/${world.orgs.huli!.id}/join-links`, { body: {}, headers: { authorization: `Bearer ${world.staff.huli}` } });
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
    const member = await activeMember(world.province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
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
    const member = await activeMember(world.province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
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
  it('shows the member\'s wishes with their status and the notifications about them; a delivered wish is confirmed there', async () => {
    const { province } = world;
    const member = await activeMember(province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
    const asStaff = { authorization: `Bearer ${world.staff.siming}` };
    const asWorker = { authorization: `Bearer ${member.token}` };
    // One live wish per member in a campaign: each wish in a campaign of its own.
    const wish = async (title: string) => submitWish(province, member.token, (await openCampaign(province, world.staff.siming!, world.orgs.siming!.id, { title: `${title}心愿` })).id, { title });
    const delivered = await wish('电饭煲');
    const waiting = await wish('头盔');
    expect((await province.request('POST', `/v1/wishes/${delivered}/approve`, { headers: asStaff })).body).toEqual({ status: 'open' });
    const admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
    const donor = (await province.request('POST', '/v1/accounts', { body: { kind: 'donor', name: '厦门暖心企业', creditCode: validCreditCode(872) }, headers: admin })).body;
    const asDonor = { 'x-api-key': donor.apiKey as string };
    expect((await province.request('POST', `/v1/wishes/${delivered}/claim`, { headers: asDonor })).status).toBe(200);
    expect((await province.request('POST', `/v1/wishes/${delivered}/deliver`, { body: { note: '已送到工会', to: 'org' }, headers: asDonor })).body).toEqual({ status: 'delivered' });
    // Told of the delivered wish's three moves (opened, claimed, delivered); on a busy machine the
    // last comes a moment after the others, and the page must open with all of them.
    const notices = await eventually(async () => {
      const answer = await province.request('GET', '/v1/notifications/me', { headers: asWorker });
      return answer.body.items?.length >= 3 ? (answer.body.items as { id: string; type: string; text: string; read: boolean }[]) : undefined;
    });
    expect(notices.map((notice) => notice.type).sort()).toEqual(['WishClaimed', 'WishDelivered', 'WishOpened']);

    const page = await phoneOf(member);
    await page.goto('/me');
    const wishLine = (title: string) => page.locator('#wishes li', { hasText: title });
    await expect.poll(() => wishLine('头盔').locator('.wish-status').textContent()).toBe('待工会审核');
    expect(await wishLine('电饭煲').locator('.wish-status').textContent()).toBe('已送达，请确认');
    for (const notice of notices) await expect.poll(() => page.locator('#notifications').textContent()).toContain(notice.text);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await world.shot(page, 'me-4-wishes');

    await page.getByRole('button', { name: '确认收到 电饭煲' }).click();
    await expect.poll(() => wishLine('电饭煲').locator('.wish-status').textContent()).toBe('已实现');
    expect((await province.request('GET', `/v1/wishes/${delivered}`, { headers: asWorker })).body.status).toBe('fulfilled');
    expect((await province.request('GET', `/v1/wishes/${waiting}`, { headers: asWorker })).body.status).toBe('pending_review');

    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.locator('#notifications li.unread').count()).toBe(0);
    const after = (await province.request('GET', '/v1/notifications/me', { headers: asWorker })).body.items as { id: string; read: boolean }[];
    expect(notices.every((notice) => !notice.read)).toBe(true);
    expect(after.filter((notice) => notices.some((seen) => seen.id === notice.id)).map((notice) => notice.read)).toEqual(notices.map(() => true));
  });
});
