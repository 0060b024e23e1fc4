import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { rosterRow, validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { activeMember } from '../helpers/members.js';
import { eventually } from '../helpers/province.js';
import { openCampaign, submitWish } from '../helpers/wishes.js';

let world: WebWorld;
const thisYear = Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }));

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.stop();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** A worker's join of `org` that no roster vouches for, so it waits for review. */
async function pendingJoin(org: string, name: string, n: number): Promise<{ membershipId: string; workerToken: string }> {
  const link = await eventually(async () => {
    const response = await world.province.request('POST', `/v1/orgs/${world.orgs[org]!.id}/join-links`, { body: {}, headers: as(world.staff[org]!) });
    return response.status === 201 ? (response.body.token as string) : undefined;
  });
  const workerToken = await world.province.token({ role: 'worker', sub: `console-reviews-${n}` });
  const joined = await world.province.request('POST', '/v1/memberships', {
    headers: as(workerToken),
    body: { joinToken: link, name, mobile: validMobile(n), idNumber: validIdNumber(n), occupation: 'food_delivery', regionCode: '350203', consent: { version: '2026-01', accepted: true } },
  });
  expect(joined.body.status).toBe('pending');
  return { membershipId: joined.body.id, workerToken };
}

describe('the staff console: reviews and charts', () => {
  it('rejects a pending membership with the reason staff type, and does nothing when they cancel', async () => {
    const { membershipId, workerToken } = await pendingJoin('siming', '郑小雨', 7201);
    const desk = await openConsole(world, '思明区总工会');
    const reject = desk.getByRole('button', { name: /^拒绝 郑/ });
    await expect.poll(() => reject.count()).toBe(1);

    // Cancelling the prompt for a reason leaves the join pending.
    desk.once('dialog', (dialog) => void dialog.dismiss());
    await reject.click();
    expect(await reject.count()).toBe(1);
    expect((await world.province.request('GET', '/v1/memberships/me', { headers: as(workerToken) })).body.status).toBe('pending');

    let asked = '';
    desk.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept('身份证照片不清晰');
    });
    await reject.click();
    await expect.poll(() => desk.locator('#message').textContent()).toBe('已拒绝：郑**');
    expect(asked).toBe('拒绝原因');
    expect(await reject.count()).toBe(0);
    await world.shot(desk, 'console-reviews-1-rejected');

    // The API agrees: the worker's membership is rejected and the org has nothing left to review.
    expect((await world.province.request('GET', '/v1/memberships/me', { headers: as(workerToken) })).body.status).toBe('rejected');
    const list = (status: string) => world.province.request('GET', `/v1/orgs/${world.orgs.siming!.id}/memberships?status=${status}`, { headers: as(world.staff.siming!) });
    expect((await list('pending')).body.items.map((item: { id: string }) => item.id)).not.toContain(membershipId);
    expect((await list('rejected')).body.items.map((item: { id: string }) => item.id)).toContain(membershipId);
    await desk.reload();
    await expect.poll(() => desk.locator('#reviews-empty').isVisible()).toBe(true);
  });

  it('charts members, target and roster coverage of each district from the API\'s figures', async () => {
    for (const [org, target] of [['siming', 4], ['huli', 10]] as const) {
      const set = await world.province.request('PUT', `/v1/orgs/${world.orgs[org]!.id}/targets/${thisYear}`, { body: { members: target }, headers: as(world.staff.xiamen!) });
      expect(set.status).toBe(200);
    }
    for (const org of ['siming', 'siming', 'siming', 'huli']) await activeMember(world.province, { staffToken: world.staff[org]!, orgId: world.orgs[org]!.id });
    // Stats are a projection: wait until the API counts every member before drawing.
    const figures = await eventually(async () => {
      const [siming, huli] = await Promise.all(['siming', 'huli'].map(async (org) => (await world.province.request('GET', `/v1/orgs/${world.orgs[org]!.id}/stats`, { headers: as(world.staff.xiamen!) })).body));
      return siming.subtree.active === 3 && huli.subtree.active === 1 ? { siming, huli } : undefined;
    });
    expect(figures.siming.target).toMatchObject({ members: 4, progress: 0.75 });
    expect(figures.huli.target).toMatchObject({ members: 10, progress: 0.1 });

    const desk = await openConsole(world, '厦门市总工会');
    const rows = desk.locator('#chart svg [role="listitem"]');
    await expect.poll(() => rows.count()).toBe(2);
    const coverage = (org: 'siming' | 'huli') => `${Math.round(figures[org].rosters.coverage * 1000) / 10}%`;
    expect(await rows.evaluateAll((groups) => groups.map((group) => group.getAttribute('aria-label')))).toEqual([
      `思明区总工会：会员 3，目标 4（完成 75%），名单覆盖率 ${coverage('siming')}`,
      `湖里区总工会：会员 1，目标 10（完成 10%），名单覆盖率 ${coverage('huli')}`,
    ]);
    expect(await desk.locator('#chart svg text.value').allTextContents()).toEqual([`3 · 覆盖 ${coverage('siming')}`, `1 · 覆盖 ${coverage('huli')}`]);
    // The bars are drawn to one scale: 思明's three members reach three times as far as 湖里's one,
    // and each target's tick stands at its target on that scale.
    const widths = await desk.locator('#chart svg rect.members').evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('width'))));
    expect(widths[0]! / widths[1]!).toBeCloseTo(3, 5);
    const ticks = await desk.locator('#chart svg rect.target').evaluateAll((marks) => marks.map((mark) => Number(mark.getAttribute('x')) + 1));
    const origin = ticks[0]! - (widths[1]! * 4);
    expect(ticks[1]! - origin).toBeCloseTo(widths[1]! * 10, 5);
    await world.shot(desk, 'console-reviews-2-chart');
  });

  it('charts the micro-wishes fulfilled in each month of the year, as the API counts them', async () => {
    const siming = as(world.staff.siming!);
    const campaign = await openCampaign(world.province, world.staff.siming!, world.orgs.siming!.id, { stations: [{ name: '莲前驿站', address: '思明区莲前西路 100 号' }] });
    // A member's wish, approved, funded by the union, handed over and confirmed: fulfilled.
    const worker = await activeMember(world.province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
    const wish = { id: await submitWish(world.province, worker.token, campaign.id, { title: '电风扇', description: '宿舍太热，想要一台电风扇。', valueFen: 20_000 }) };
    for (const [step, body] of [['approve', undefined], ['fund', undefined], ['deliver', { note: '工会采购', to: 'org' }], ['confirm', {}]] as const) {
      const moved = await world.province.request('POST', `/v1/wishes/${wish.id}/${step}`, { headers: siming, ...(body ? { body } : {}) });
      expect(moved.status, `${step}: ${JSON.stringify(moved.body)}`).toBe(200);
    }
    const byMonth: number[] = await eventually(async () => {
      const { wishes } = (await world.province.request('GET', `/v1/orgs/${world.orgs.xiamen!.id}/stats?year=${thisYear}`, { headers: as(world.staff.xiamen!) })).body;
      return wishes.fulfilled === 1 ? wishes.fulfilledByMonth : undefined;
    });
    expect(byMonth.filter((n) => n === 1)).toHaveLength(1);

    const desk = await openConsole(world, '厦门市总工会');
    const months = desk.locator('#wishes-chart svg [role="listitem"]');
    await expect.poll(() => months.count()).toBe(12);
    expect(await desk.locator('#wishes-chart svg').getAttribute('aria-label')).toBe(`${thisYear} 年每月实现的微心愿`);
    expect(await months.evaluateAll((groups) => groups.map((group) => group.getAttribute('aria-label')))).toEqual(byMonth.map((n, i) => `${i + 1}月：实现 ${n} 个`));
    expect(await desk.locator('#wishes-chart svg text.value').allTextContents()).toEqual(byMonth.map(String));
    const heights = await desk.locator('#wishes-chart svg rect.fulfilled').evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('height'))));
    expect(heights.map((height) => height > 0)).toEqual(byMonth.map((n) => n > 0));
    await world.shot(desk, 'console-reviews-3-wishes');
  });
  it('lists, station by station, the rostered riders who are not members, masked as the API gives them, with each station\'s join link', async () => {
    const { province } = world;
    const admin = as(await province.token({ role: 'province_admin', sub: 'admin' }));
    const partner = (await province.request('POST', '/v1/accounts', { body: { kind: 'partner', name: '闽送即配', creditCode: validCreditCode(871) }, headers: admin })).body;
    const asPartner = { 'x-api-key': partner.apiKey as string };
    const rows = [rosterRow(9101, { name: '陈小明' }), rosterRow(9102, { name: '林大伟' }), rosterRow(9103, { name: '王芳', station: '软件园站' })];
    const roster = (await province.request('POST', '/v1/rosters', { body: { mode: 'delta', asOf: new Date().toISOString() }, headers: asPartner })).body;
    expect((await province.request('PUT', `/v1/rosters/${roster.id}/chunks/1`, { body: { rows }, headers: asPartner })).status).toBe(202);
    expect((await province.request('POST', `/v1/rosters/${roster.id}/complete`, { body: { chunks: 1 }, headers: asPartner })).status).toBe(202);
    const listed = await eventually(async () => {
      const answer = await province.request('GET', `/v1/orgs/${world.orgs.siming!.id}/invitations`, { headers: as(world.staff.siming!) });
      return answer.body.items?.length === 2 ? (answer.body.items as { station: string; joinUrl: string; riders: { name: string; mobile: string; platform: string }[] }[]) : undefined;
    }, 20_000);

    const desk = await openConsole(world, '思明区总工会');
    const station = (name: string) => desk.getByRole('region', { name });
    await expect.poll(() => station('莲前站').locator('h3').textContent()).toBe('莲前站：2 名骑手未入会');
    for (const group of listed) {
      const shown = await station(group.station).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(shown).toEqual(group.riders.map((rider) => [rider.name, rider.mobile, rider.platform]));
      expect(await station(group.station).getByRole('link').getAttribute('href')).toBe(group.joinUrl);
    }
    // Masked: no full name or mobile of the roster reaches the page.
    const text = await desk.locator('#invitations').textContent();
    for (const row of rows) {
      expect(text).not.toContain(row.name);
      expect(text).not.toContain(row.mobile);
    }
  });
  it('reviews micro-wishes and accepts help requests waiting on the org, as the API then shows', async () => {
    const { province } = world;
    const worker = await activeMember(province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
    const asWorker = { authorization: `Bearer ${worker.token}` };
    const campaign = await openCampaign(province, world.staff.siming!, world.orgs.siming!.id);
    const wish = await submitWish(province, worker.token, campaign.id, { title: '儿童书包' });
    const help = await province.request('POST', '/v1/help-requests', { body: { category: 'wage_arrears', description: '站点三个月没有结算工资，想请工会帮忙协调。', regionCode: '350203' }, headers: asWorker });
    expect(help.status).toBe(201);
    expect(help.body.orgId).toBe(world.orgs.siming!.id);

    const desk = await openConsole(world, '思明区总工会');
    await desk.getByRole('button', { name: '通过 儿童书包', exact: true }).click();
    await expect.poll(async () => (await province.request('GET', `/v1/wishes/${wish}`, { headers: as(world.staff.siming!) })).body.status).toBe('open');
    await expect.poll(() => desk.locator('#wish-reviews tr').count()).toBe(0);

    await expect.poll(() => desk.locator('#help-queue tr').count()).toBe(1);
    expect(await desk.locator('#help-queue tr td').first().textContent()).toBe('欠薪');
    await desk.locator('#help-queue').getByRole('button', { name: /^受理 欠薪/ }).click();
    await expect.poll(async () => (await province.request('GET', `/v1/help-requests/${help.body.id}`, { headers: as(world.staff.siming!) })).body.status).toBe('accepted');
    await expect.poll(() => desk.locator('#help-queue tr').count()).toBe(0);
  });
});
