import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, startWebWorld, type WebWorld } from '../helpers/browser.js';
import { activeMember } from '../helpers/members.js';
import { eventually } from '../helpers/province.js';
import { openCampaign, submitWish } from '../helpers/wishes.js';

let world: WebWorld;
const MINUTE = 60_000;

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.stop();
});

const asSiming = () => ({ authorization: `Bearer ${world.staff.siming!}` });

/**
 * A whole minute `offsetMs` from now, as a `datetime-local` field takes it in Asia/Shanghai
 * (`2026-05-01T09:00`), and the instant the API should store for it.
 */
function shanghaiMinute(offsetMs: number): { typed: string; iso: string } {
  const at = new Date(Math.floor((Date.now() + offsetMs) / MINUTE) * MINUTE);
  const typed = at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T');
  return { typed, iso: at.toISOString() };
}

/** The texts of a table row's cells. */
const cells = (row: Locator) => row.locator('td').allTextContents();

/** An instant as the page's browser shows it in Asia/Shanghai. */
const shown = (page: Page, iso: string) => page.evaluate((at) => new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }), iso);

async function fillCampaign(desk: Page, fields: { title: string; opens: string; closes: string; budget: string; quota: string; maxValue: string; stations?: string }): Promise<void> {
  const form = desk.locator('#campaign-form');
  await form.getByLabel('活动名称').fill(fields.title);
  await form.getByLabel('开始时间').fill(fields.opens);
  await form.getByLabel('截止时间').fill(fields.closes);
  await form.getByLabel('预算（元）').fill(fields.budget);
  await form.getByLabel('心愿名额').fill(fields.quota);
  await form.getByLabel('每个心愿最高价值（元）').fill(fields.maxValue);
  await form.getByLabel(/^领取驿站/).fill(fields.stations ?? '');
}

/** The org's campaigns as the API lists them. */
async function listedCampaigns(): Promise<any[]> {
  return (await world.province.request('GET', `/v1/campaigns?orgId=${world.orgs.siming!.id}&limit=100`, { headers: asSiming() })).body.items;
}

describe('the staff console: campaigns and job fairs', () => {
  it('opens a campaign through the form, in fen and Asia/Shanghai time, and lists it with the API\'s figures', async () => {
    const desk = await openConsole(world, '思明区总工会');
    const [opens, closes] = [shanghaiMinute(-60 * MINUTE), shanghaiMinute(30 * 24 * 60 * MINUTE)];
    await fillCampaign(desk, { title: '夏日清凉微心愿', opens: opens.typed, closes: closes.typed, budget: '1500.5', quota: '20', maxValue: '300', stations: '莲前驿站，思明区莲前西路 100 号\n软件园驿站, 思明区观日路 8 号' });
    await desk.getByRole('button', { name: '发起活动' }).click();
    await expect.poll(() => desk.locator('#message').textContent()).toBe('已发起活动：夏日清凉微心愿');

    const campaign = (await listedCampaigns()).find((item) => item.title === '夏日清凉微心愿');
    expect(campaign).toMatchObject({
      opensAt: opens.iso,
      closesAt: closes.iso,
      phase: 'open',
      budgetFen: 150_050,
      spentFen: 0,
      quota: 20,
      maxValueFen: 30_000,
      stations: [{ name: '莲前驿站', address: '思明区莲前西路 100 号' }, { name: '软件园驿站', address: '思明区观日路 8 号' }],
    });
    const row = desk.locator(`#campaigns tr[data-campaign="${campaign.id}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await cells(row)).toEqual(['夏日清凉微心愿', '进行中', await shown(desk, campaign.opensAt), await shown(desk, campaign.closesAt), '¥0.00 / ¥1500.50', '0 / 20', '心愿统计']);
    // The form is emptied for the next campaign.
    expect(await desk.getByLabel('活动名称').inputValue()).toBe('');
    await world.shot(desk, 'console-campaigns-1-opened');
  });

  it('shows the API\'s field errors next to the fields of the campaign form, and opens nothing', async () => {
    const desk = await openConsole(world, '思明区总工会');
    const [opens, closes] = [shanghaiMinute(-60 * MINUTE), shanghaiMinute(7 * 24 * 60 * MINUTE)];
    await fillCampaign(desk, { title: '冬', opens: opens.typed, closes: closes.typed, budget: '-1', quota: '5', maxValue: '100' });
    await desk.getByRole('button', { name: '发起活动' }).click();
    // The API's answer to the same campaign names the same fields with the same words.
    const refused = await world.province.request('POST', '/v1/campaigns', {
      headers: asSiming(),
      body: { orgId: world.orgs.siming!.id, title: '冬', opensAt: opens.iso, closesAt: closes.iso, budgetFen: -100, quota: 5, maxValueFen: 10_000 },
    });
    expect(refused.status).toBe(400);
    const message = (path: string) => refused.body.errors.find((error: { path: string }) => error.path === path).message;
    await expect.poll(() => desk.locator('#campaign-title-error').textContent()).toBe(message('body.title'));
    expect(await desk.locator('#campaign-budget-error').textContent()).toBe(message('body.budgetFen'));
    expect(await desk.getByLabel('预算（元）').getAttribute('aria-invalid')).toBe('true');
    expect(await desk.locator('#campaign-quota-error').textContent()).toBe('');
    expect(await desk.evaluate('document.activeElement?.id')).toBe('campaign-title');
    await world.shot(desk, 'console-campaigns-2-field-errors');

    // Fixed, but closing before it opens: the domain's rule, shown at 截止时间; the fixed fields clear.
    await fillCampaign(desk, { title: '冬日暖心微心愿', opens: closes.typed, closes: opens.typed, budget: '800', quota: '5', maxValue: '100' });
    await desk.getByRole('button', { name: '发起活动' }).click();
    await expect.poll(() => desk.locator('#campaign-closes-error').textContent()).toBe('must be after opensAt');
    expect(await desk.locator('#campaign-title-error').textContent()).toBe('');
    expect(await desk.getByLabel('预算（元）').getAttribute('aria-invalid')).toBeNull();
    expect((await listedCampaigns()).map((item) => item.title)).not.toContain('冬日暖心微心愿');
  });

  it('shows a campaign\'s report on demand: a worker\'s submitted wish is counted as the API counts it', async () => {
    const { province } = world;
    const campaign = await openCampaign(province, world.staff.siming!, world.orgs.siming!.id, { title: '开学季微心愿', quota: 10 });
    const worker = await activeMember(province, { staffToken: world.staff.siming!, orgId: world.orgs.siming!.id });
    await submitWish(province, worker.token, campaign.id, { title: '儿童书桌' });
    // The campaign's counts are a projection of wish events: wait until the API counts the wish.
    await eventually(async () => ((await province.request('GET', `/v1/campaigns/${campaign.id}`, { headers: asSiming() })).body.counts.pending_review === 1 ? true : undefined));
    const report = (await province.request('GET', `/v1/campaigns/${campaign.id}/report`, { headers: asSiming() })).body;
    expect(report.byStatus.pending_review).toBe(1);

    const desk = await openConsole(world, '思明区总工会');
    const row = desk.locator(`#campaigns tr[data-campaign="${campaign.id}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect((await cells(row)).slice(4, 6)).toEqual(['¥0.00 / ¥1000.00', '1 / 10']);
    await desk.getByRole('button', { name: '开学季微心愿 心愿统计' }).click();
    await expect.poll(() => desk.locator('#campaign-report h3').textContent()).toBe('开学季微心愿：心愿统计');
    const pairs = await desk.locator('#campaign-report dl > div').evaluateAll((divs) => divs.map((div) => [div.querySelector('dt')!.textContent, div.querySelector('dd')!.textContent]));
    const labels = { pending_review: '待审核', open: '待认领', claimed: '已认领', delivered: '已送达', fulfilled: '已实现', rejected: '未通过', withdrawn: '已撤回' } as const;
    expect(pairs).toEqual(Object.entries(labels).map(([status, label]) => [label, String(report.byStatus[status])]));
    await world.shot(desk, 'console-campaigns-3-report');
  });

  it('creates a job fair through the form, lists it with its check-ins, and opens the poster of a new check-in code', async () => {
    const { province } = world;
    const desk = await openConsole(world, '思明区总工会');
    const [starts, ends] = [shanghaiMinute(30 * MINUTE), shanghaiMinute(4 * 60 * MINUTE)];
    const form = desk.locator('#fair-form');
    await form.getByLabel('招聘会名称').fill('思明区秋季零工招聘会');
    await form.getByLabel('开始时间').fill(starts.typed);
    await form.getByLabel('结束时间').fill(starts.typed);
    await form.getByLabel(/^地点/).fill('思明区会展中心 B 馆');
    await desk.getByRole('button', { name: '创建招聘会' }).click();
    await expect.poll(() => desk.locator('#fair-ends-error').textContent()).toBe('must be after startsAt');

    await form.getByLabel('结束时间').fill(ends.typed);
    await desk.getByRole('button', { name: '创建招聘会' }).click();
    await expect.poll(() => desk.locator('#message').textContent()).toBe('已创建招聘会：思明区秋季零工招聘会');
    const fair = (await province.request('GET', `/v1/fairs?orgId=${world.orgs.siming!.id}`, { headers: asSiming() })).body.items.find((item: { title: string }) => item.title === '思明区秋季零工招聘会');
    expect(fair).toMatchObject({ startsAt: starts.iso, endsAt: ends.iso, venue: '思明区会展中心 B 馆', online: false });
    const row = desk.locator(`#fairs tr[data-fair="${fair.id}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await cells(row)).toEqual(['思明区秋季零工招聘会', `${await shown(desk, fair.startsAt)} 至 ${await shown(desk, fair.endsAt)}`, '思明区会展中心 B 馆', '0', '0', '生成签到码']);

    // A check-in code for the entrance: its URL, and its poster opened in a new tab as the API draws it.
    await desk.getByRole('button', { name: '生成 思明区秋季零工招聘会 签到码' }).click();
    const link = desk.locator(`#checkin-links li[data-fair="${fair.id}"] a`);
    await expect.poll(() => link.count()).toBe(1);
    const url = new URL((await link.getAttribute('href'))!);
    expect(url.pathname).toBe(`/fairs/${fair.id}/checkin`);
    const checkinToken = url.searchParams.get('token')!;
    const [poster] = await Promise.all([desk.context().waitForEvent('page'), desk.getByRole('button', { name: '打印 思明区秋季零工招聘会 签到海报' }).click()]);
    await poster.waitForLoadState();
    expect(await poster.evaluate('[document.contentType, document.documentElement.localName]')).toEqual(['image/svg+xml', 'svg']);
    const drawn = await province.request('GET', `/v1/fairs/${fair.id}/checkin-links/${checkinToken}/poster`, { headers: asSiming() });
    expect(drawn.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    // The tab shows the texts the API's SVG holds: the org, the fair, where and when.
    const texts = [...(drawn.body as string).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(texts).toEqual(expect.arrayContaining(['思明区总工会', '思明区秋季零工招聘会', '思明区会展中心 B 馆']));
    expect(await poster.evaluate("[...document.querySelectorAll('text')].map((text) => text.textContent)")).toEqual(texts);
    await world.shot(desk, 'console-campaigns-4-fair');

    // A worker checks in with the code; the console counts the check-in as the API's stats do.
    const worker = await province.token({ role: 'worker', sub: 'console-fair-worker' });
    const checkedIn = await province.request('POST', `/v1/fairs/${fair.id}/checkins`, { headers: { authorization: `Bearer ${worker}` }, body: { checkinToken } });
    expect(checkedIn.status).toBe(201);
    const stats = (await province.request('GET', `/v1/fairs/${fair.id}/stats`, { headers: asSiming() })).body;
    expect(stats.checkins).toBe(1);
    await desk.reload();
    await expect.poll(() => cells(row)).toEqual(['思明区秋季零工招聘会', `${await shown(desk, fair.startsAt)} 至 ${await shown(desk, fair.endsAt)}`, '思明区会展中心 B 馆', String(stats.employers), String(stats.checkins), '生成签到码']);
  });
});
