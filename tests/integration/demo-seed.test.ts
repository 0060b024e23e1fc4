import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type Demo } from '../../local/seed.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

/**
 * What `npm start` seeds, and the README's micro-wish walkthrough on it: from the seeded campaign
 * to a claimed, delivered and fulfilled wish, a giving record and the campaign report.
 */
let province: TestProvince;
let demo: Demo;

beforeAll(async () => {
  province = await startTestProvince();
  demo = await seedDemo({ apiUrl: province.url, provinceCode: '35', issuer: province.issuer, endpoints: { dynamodb: 'unused', sqs: 'unused' } });
}, 120_000);

afterAll(async () => {
  await province?.stop();
});

const asDonor = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { 'x-api-key': demo.accounts.donor.apiKey } });
const asAdmin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  province.request(method, path, { body, headers: { authorization: `Bearer ${demo.tokens.provinceAdmin}`, ...headers } });

describe('the demo seed', () => {
  it('has service stations around 厦门: the nearest open one with charging is found from 莲前', async () => {
    const all = await asAdmin('GET', '/v1/stations?regionCode=350200&limit=100');
    expect(all.body.items.length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.body.items.map((station: { regionCode: string }) => station.regionCode))).toEqual(new Set(['350203', '350205', '350206', '350211', '350212', '350213']));
    const nearest = await asAdmin('GET', `/v1/stations?near=24.4780,118.1400&amenity=charging&openAt=${encodeURIComponent('2026-12-08T03:00:00+08:00')}`);
    expect(nearest.body.items[0]).toMatchObject({ name: '莲前街道工会驿站' });
  });

  it('has help requests: a member\'s in mediation at their 莲前 union, a non-member\'s waiting at 湖里, and the README\'s walk resolves it with aid from the fund', async () => {
    const lianqian = await asAdmin('GET', `/v1/orgs/${demo.orgs.lianqian!.id}/help-requests`);
    expect(lianqian.body.items).toEqual([expect.objectContaining({ category: 'wage_arrears', status: 'in_mediation', assigneeId: 'mediator-demo-chen', requester: { member: true, name: '林**' } })]);
    const huli = await asAdmin('GET', `/v1/orgs/${demo.orgs.huli!.id}/help-requests?status=received`);
    expect(huli.body.items).toEqual([expect.objectContaining({ category: 'hardship_aid', requester: { member: false, name: null } })]);
    const id = huli.body.items[0].id;
    expect((await asAdmin('POST', `/v1/help-requests/${id}/transitions`, { to: 'accepted', note: '已受理' })).status).toBe(200);
    const resolved = await asAdmin('POST', `/v1/help-requests/${id}/transitions`, { to: 'resolved', note: '发放困难帮扶金 3,000 元', outcome: { aidFen: 300_000 } });
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: { recoveredFen: 0, aidFen: 300_000 } });
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect((await asAdmin('GET', `/v1/orgs/${demo.orgs.huli!.id}/aid-fund/${year}`)).body).toMatchObject({ budgetFen: 3_000_000, spentFen: 300_000 });
  });

  it('has courses around 厦门, and the README\'s walk from an enrollment to a certificate anyone can check and a certified skill in job matches', async () => {
    const upcoming = await asAdmin('GET', '/v1/courses');
    expect(upcoming.body.items.map((course: { title: string; seatsLeft: number }) => [course.title, course.seatsLeft])).toEqual([
      ['电动车交通安全课', 40],
      ['叉车操作技能培训', 30],
      ['学历提升（大专）网络课程', 200],
    ]);
    const running = await asAdmin('GET', `/v1/courses?from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`);
    const childcare = running.body.items.find((course: { title: string }) => course.title === '育婴员技能培训（第一期）');
    const worker = (await province.request('POST', '/local/tokens', { body: { sub: 'demo-worker-1', role: 'worker' } })).body.token;
    const asWorker = (method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { authorization: `Bearer ${worker}` } });
    expect((await asWorker('POST', `/v1/courses/${childcare.id}/enrollments`)).status).toBe(201);
    expect((await asWorker('PUT', '/v1/job-seekers/me', { trades: ['domestic_service'], skills: [], regionCodes: ['350203'], days: [1, 3, 5] })).status).toBe(200);
    const completed = await asAdmin('POST', `/v1/courses/${childcare.id}/completions`, { workerIds: ['worker:demo-worker-1'] });
    const { certificateNo } = completed.body.certificates[0];
    const verified = await province.request('GET', `/v1/certificates/${certificateNo}`);
    expect(verified.body).toMatchObject({ valid: true, course: { title: '育婴员技能培训（第一期）', orgName: '思明区总工会' }, holder: { name: '林**' } });
    const match = await eventually(async () => {
      const matches = await asWorker('GET', '/v1/job-seekers/me/matches');
      return matches.body.items.find((item: { job: { title: string }; reasons: { text: string }[] }) => item.job.title === '育婴师（上午班）' && item.reasons.some((reason) => reason.text.includes('（证书：育婴）')));
    }, 20_000);
    expect(match.reasons).toContainEqual({ factor: 'skills', points: 8, text: '技能重合 1/2：育婴（证书：育婴）' });
  });

  it('runs a campaign with the active members\' wishes open in the pool, and nothing personal in it', async () => {
    const campaign = await asAdmin('GET', `/v1/campaigns/${demo.campaignId}`);
    expect(campaign.body).toMatchObject({ orgId: demo.orgs.siming!.id, phase: 'open', budgetFen: 10_500_000, quota: 210 });
    const pool: ApiResponse = await asDonor('GET', `/v1/wishes?campaignId=${demo.campaignId}`);
    expect(pool.body.items.map((wish: { title: string; status: string }) => [wish.title, wish.status]).sort()).toEqual([
      ['儿童书包和文具', 'open'],
      ['电饭煲', 'open'],
    ]);
    expect(JSON.stringify(pool.body)).not.toMatch(/林小东|郑美玲|1380000000\d|demo-worker/);
  });

  it('takes the README\'s walk from the pool to a fulfilled wish, a giving record and the report', async () => {
    const pool = await asDonor('GET', `/v1/wishes?campaignId=${demo.campaignId}&category=appliance`);
    const wishId = pool.body.items[0].id;
    expect((await asDonor('POST', `/v1/wishes/${wishId}/claim`)).body).toMatchObject({ status: 'claimed', claimedBy: demo.accounts.donor.id });
    expect((await asDonor('POST', `/v1/wishes/${wishId}/deliver`, { to: 'station', station: '莲前驿站', note: '已放在驿站前台' })).body).toEqual({ status: 'delivered' });

    const worker = (await province.request('POST', '/local/tokens', { body: { sub: 'demo-worker-1', role: 'worker' } })).body.token;
    const mine = await province.request('GET', '/v1/wishes/me', { headers: { authorization: `Bearer ${worker}` } });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: wishId, status: 'delivered' })]);
    const confirmed = await province.request('POST', `/v1/wishes/${wishId}/confirm`, { body: { thanks: '谢谢鹭岛电器！' }, headers: { authorization: `Bearer ${worker}` } });
    expect(confirmed.body).toEqual({ status: 'fulfilled' });

    const gifts = await asDonor('GET', '/v1/donors/me/gifts');
    expect(gifts.body.items).toEqual([expect.objectContaining({ wishId, status: 'fulfilled', thanks: '谢谢鹭岛电器！' })]);
    expect(gifts.body.totals).toEqual({ count: 1, valueFen: 30_000 });
    const csv = await asAdmin('GET', `/v1/campaigns/${demo.campaignId}/report`, undefined, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('donor,厦门鹭岛爱心电器有限公司,');
  });
});
