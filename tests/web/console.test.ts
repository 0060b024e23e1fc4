import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, signInAsWorker, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { validIdNumber, validMobile } from '../helpers/identity.js';

let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.stop();
});

describe('the staff console (/console)', () => {
  it('lets staff sign in and approve a pending membership, which the worker\'s page then shows active', async () => {
    // A worker opens a join link on a phone, signs in by SMS and comes back to the form; the
    // page's session joins (no roster vouches: pending).
    const link = await world.province.request('POST', `/v1/orgs/${world.orgs.siming!.id}/join-links`, { body: {}, headers: { authorization: `Bearer ${world.staff.siming}` } });
    const phone = await world.page();
    await phone.goto(link.body.url);
    await signInAsWorker(phone, world.province, validMobile(7102));
    await expect.poll(() => phone.locator('#join-form').isVisible()).toBe(true);
    expect(new URL(phone.url()).searchParams.get('token')).toBe(link.body.token);
    const { token } = JSON.parse((await phone.evaluate('localStorage.getItem("union.worker")')) as string);
    const joined = await world.province.request('POST', '/v1/memberships', {
      headers: { authorization: `Bearer ${token}` },
      body: { joinToken: link.body.token, name: '黄小敏', mobile: validMobile(7101), idNumber: validIdNumber(7101), occupation: 'courier', regionCode: '350203', consent: { version: '2026-01', accepted: true } },
    });
    expect(joined.body.status).toBe('pending');
    await phone.reload();
    await expect.poll(() => phone.locator('#ecard-status').textContent()).toBe('待工会审核');

    const desk = await openConsole(world, '思明区总工会');
    const approve = desk.getByRole('button', { name: /^批准 黄/ });
    await expect.poll(() => approve.count()).toBe(1);
    await world.shot(desk, 'console-1-pending');
    await approve.click();
    await expect.poll(() => desk.locator('#message').textContent()).toMatch(/^已批准/);
    await world.shot(desk, 'console-2-approved');

    await phone.reload();
    await expect.poll(() => phone.locator('#ecard-status').textContent()).toBe('正式会员');
    expect(await phone.locator('#ecard-no').textContent()).toMatch(/\S{4,}/);
    expect(await phone.locator('#ecard-code svg').getAttribute('aria-label')).toContain('会员码');
    await world.shot(phone, 'console-3-worker-active');
  });
});
