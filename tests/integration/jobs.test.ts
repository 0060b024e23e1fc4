import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../events/envelope.js';
import { WorkerErasedV1 } from '../../events/worker-erased.v1.js';
import { sendEvent } from '../../shared/sqs.js';
import { validCreditCode, validMobile } from '../helpers/identity.js';
import { jobPosting } from '../helpers/jobs.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince, testEngines } from '../helpers/province.js';

let province: TestProvince;
let admin: Record<string, string>;
let employerA: Record<string, string>;
let employerB: Record<string, string>;
let orgs: { root: string; xiamen: string; siming: string; huli: string };

const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const DAY = 86_400_000;

const expectProblem = (response: ApiResponse, status: number) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

const worker = async (sub: string) => ({ authorization: `Bearer ${await province.token({ role: 'worker', sub })}` });

const post = async (headers: Record<string, string>, overrides: Record<string, unknown> = {}) => {
  const response = await province.request('POST', '/v1/jobs', { body: jobPosting(overrides), headers });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const search = async (query: string, headers = employerA) => {
  const response = await province.request('GET', `/v1/jobs?limit=100&${query}`, { headers });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((job: { id: string }) => job.id) as string[];
};

beforeAll(async () => {
  province = await startTestProvince();
  admin = { authorization: `Bearer ${await province.token({ role: 'province_admin', sub: 'admin' })}` };
  const org = async (name: string, parentId: string | null, regionCode: string) =>
    (await province.request('POST', '/v1/orgs', { body: { name, kind: 'federation', parentId, regionCode }, headers: admin })).body.id as string;
  const root = await org('福建省总工会', null, '350000');
  const xiamen = await org('厦门市总工会', root, '350200');
  orgs = { root, xiamen, siming: await org('思明区总工会', xiamen, '350203'), huli: await org('湖里区总工会', xiamen, '350206') };
  const account = async (seed: number) => {
    const response = await province.request('POST', '/v1/accounts', { body: { kind: 'employer', name: `厦门用工企业${seed}`, creditCode: validCreditCode(seed) }, headers: admin });
    return { 'x-api-key': response.body.apiKey as string };
  };
  employerA = await account(71);
  employerB = await account(72);
});

afterAll(async () => {
  await province?.stop();
});

describe('postings', () => {
  it('posts a job that is searchable and readable at once', async () => {
    const response = await province.request('POST', '/v1/jobs', { body: jobPosting({ title: '晚班配送员' }), headers: employerA });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: expect.stringMatching(/^job_/), status: 'open', payPerHourFen: 3000, employer: { name: '厦门用工企业71' } });
    const read = await province.request('GET', `/v1/jobs/${response.body.id}`, { headers: await worker('w-reader') });
    expect(read.status).toBe(200);
    expect(read.body.title).toBe('晚班配送员');
    expect(await search('regionCode=350203')).toContain(response.body.id);
  });

  it('refuses bad postings with every bad field named, and lets only the owner change a job', async () => {
    const bad = await province.request('POST', '/v1/jobs', {
      body: jobPosting({ regionCode: '110101', expiresAt: later(-DAY), schedule: { startDate: '2026-12-01', days: [8], start: '25:00', end: '14:00' } }),
      headers: employerA,
    });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.schedule.days.0', 'body.schedule.start']);
    const outside = await province.request('POST', '/v1/jobs', { body: jobPosting({ regionCode: '110101', expiresAt: later(-DAY) }), headers: employerA });
    expect(outside.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.expiresAt', 'body.regionCode']);

    const id = await post(employerA);
    expectProblem(await province.request('PUT', `/v1/jobs/${id}`, { body: jobPosting(), headers: employerB }), 403);
    expectProblem(await province.request('POST', `/v1/jobs/${id}/close`, { headers: employerB }), 403);
    expectProblem(await province.request('GET', `/v1/jobs/${id}/matches`, { headers: employerB }), 404);
    expectProblem(await province.request('GET', `/v1/jobs/${id}/interests`, { headers: employerB }), 404);
    expectProblem(await province.request('GET', '/v1/jobs/job_missing', { headers: employerB }), 404);
  });
});

describe('GET /v1/jobs', () => {
  let ids: Record<'lunch' | 'weekend' | 'night' | 'piece' | 'early', string>;
  const only = (found: string[]) => found.filter((id) => Object.values(ids).includes(id));

  beforeAll(async () => {
    // Posted one after another: newest first means the reverse of this order.
    ids = {
      lunch: await post(employerA),
      weekend: await post(employerA, { regionCode: '350206', pay: { amountFen: 24_000, unit: 'day' }, schedule: { startDate: '2026-12-01', days: [6, 7], start: '09:00', end: '17:00' } }),
      night: await post(employerB, { trade: 'courier_sorting', regionCode: '350102', pay: { amountFen: 522_000, unit: 'month' }, schedule: { startDate: '2026-12-01', days: [1, 2, 3], start: '22:00', end: '06:00' } }),
      piece: await post(employerB, { pay: { amountFen: 500, unit: 'piece' } }),
      early: await post(employerB, { trade: 'cleaning', pay: { amountFen: 2000, unit: 'hour' }, schedule: { startDate: '2026-12-01', days: [2, 4], start: '01:00', end: '05:00' } }),
    };
  });

  it('sees every city under a province prefix, newest first', async () => {
    const { lunch, weekend, night, piece, early } = ids;
    expect(only(await search('regionCode=35'))).toEqual([early, piece, night, weekend, lunch]);
    expect(only(await search(''))).toEqual([early, piece, night, weekend, lunch]);
    expect(only(await search('regionCode=3502'))).toEqual([early, piece, weekend, lunch]);
    expect(only(await search('regionCode=350200'))).toEqual([early, piece, weekend, lunch]);
    expect(only(await search('regionCode=350203'))).toEqual([early, piece, lunch]);
  });

  it('filters by trade, hourly pay, weekday and time window (overnight included)', async () => {
    const { lunch, weekend, night, piece, early } = ids;
    expect(only(await search('trade=delivery'))).toEqual([piece, weekend, lunch]);
    expect(only(await search('trade=delivery&regionCode=350203'))).toEqual([piece, lunch]);
    // 240 yuan for an 8-hour day and 5,220 yuan a month are 30 yuan an hour; piece rates never match.
    expect(only(await search('payMinFen=3000'))).toEqual([night, weekend, lunch]);
    expect(only(await search('payMinFen=3001'))).toEqual([]);
    expect(only(await search('day=6'))).toEqual([weekend]);
    expect(only(await search('from=22:00&to=07:00'))).toEqual([early, night]);
    expect(only(await search('from=00:00&to=06:00'))).toEqual([early]);
    expect(only(await search('from=10:00&to=15:00&day=1'))).toEqual([piece, lunch]);
  });

  it('pages with a cursor through the same order', async () => {
    const all = await search('regionCode=35');
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const response: ApiResponse = await province.request('GET', `/v1/jobs?regionCode=35&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { headers: employerA });
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      pages.push(...response.body.items.map((job: { id: string }) => job.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all);
  });

  it('drops closed postings at once and follows edits', async () => {
    const id = await post(employerA, { trade: 'painting' });
    expect(await search('trade=painting')).toEqual([id]);
    const moved = await province.request('PUT', `/v1/jobs/${id}`, { body: jobPosting({ trade: 'painting', regionCode: '350206', headcount: 9 }), headers: employerA });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ regionCode: '350206', headcount: 9 });
    expect(await search('trade=painting&regionCode=350203')).toEqual([]);
    expect(await search('trade=painting&regionCode=350206')).toEqual([id]);
    const closed = await province.request('POST', `/v1/jobs/${id}/close`, { headers: employerA });
    expect(closed.body).toEqual({ id, status: 'closed' });
    expect(await search('trade=painting')).toEqual([]);
    expectProblem(await province.request('POST', `/v1/jobs/${id}/close`, { headers: employerA }), 409);
    expect((await province.request('GET', `/v1/jobs/${id}`, { headers: employerB })).body.status).toBe('closed');
  });

  it('drops a posting once it expires', async () => {
    const id = await post(employerA, { trade: 'electrician', expiresAt: later(1500) });
    expect(await search('trade=electrician')).toEqual([id]);
    await eventually(async () => ((await search('trade=electrician')).length === 0 ? true : undefined));
    expect((await province.request('GET', `/v1/jobs/${id}`, { headers: employerA })).body.status).toBe('expired');
  });

  it('names bad filters', async () => {
    const response = await province.request('GET', '/v1/jobs?regionCode=3&day=9&trade=pilot&payMinFen=-1', { headers: employerA });
    expectProblem(response, 400);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.day', 'query.payMinFen', 'query.regionCode', 'query.trade']);
    const halfWindow = await province.request('GET', '/v1/jobs?from=22:00', { headers: employerA });
    expectProblem(halfWindow, 400);
    expect(halfWindow.body.errors).toEqual([{ path: 'query.to', message: 'is needed with from' }]);
  });
});

describe('profiles, matches and interest', () => {
  const profile = {
    trades: ['domestic_service'],
    skills: ['育婴', '保洁'],
    regionCodes: ['350203'],
    days: [1, 2, 3, 4, 5],
    windows: [{ start: '08:00', end: '12:00' }],
    payMinFen: 2500,
  };
  const nanny = (overrides: Record<string, unknown> = {}) =>
    jobPosting({ title: '育婴师（上午班）', trade: 'domestic_service', skills: ['育婴', '早教'], schedule: { startDate: '2026-12-01', days: [1, 3, 5], start: '08:00', end: '11:00' }, ...overrides });

  it('keeps the profile to the worker, and ranks a new posting for them with reasons within seconds', async () => {
    const me = await worker('w-nanny');
    const put = await province.request('PUT', '/v1/job-seekers/me', { body: profile, headers: me });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await province.request('GET', '/v1/job-seekers/me', { headers: me })).body).toMatchObject({ trades: ['domestic_service'], payMinFen: 2500 });
    expectProblem(await province.request('GET', '/v1/job-seekers/me', { headers: await worker('w-nobody') }), 404);

    const near = (await province.request('POST', '/v1/jobs', { body: nanny(), headers: employerA })).body.id as string;
    const otherDistrict = (await province.request('POST', '/v1/jobs', { body: nanny({ regionCode: '350206', skills: ['保洁'] }), headers: employerB })).body.id as string;
    const underpaid = (await province.request('POST', '/v1/jobs', { body: nanny({ pay: { amountFen: 2000, unit: 'hour' } }), headers: employerB })).body.id as string;
    const otherCity = (await province.request('POST', '/v1/jobs', { body: nanny({ regionCode: '350102' }), headers: employerB })).body.id as string;

    const matches = await eventually(async () => {
      const response = await province.request('GET', '/v1/job-seekers/me/matches', { headers: me });
      return response.body.items.length >= 2 ? response.body.items : undefined;
    });
    expect(matches.map((m: { job: { id: string } }) => m.job.id)).toEqual([near, otherDistrict]);
    expect(matches[0].score).toBeGreaterThan(matches[1].score);
    expect(matches[0].reasons.map((r: { factor: string }) => r.factor)).toEqual(['trade', 'skills', 'region', 'schedule', 'pay']);
    expect(matches[0].reasons.find((r: { factor: string }) => r.factor === 'schedule').text).toContain('9 小时');
    expect(matches.map((m: { job: { id: string } }) => m.job.id)).not.toContain(underpaid);
    expect(matches.map((m: { job: { id: string } }) => m.job.id)).not.toContain(otherCity);

    const forEmployer = await eventually(async () => {
      const response = await province.request('GET', `/v1/jobs/${near}/matches`, { headers: employerA });
      return response.body.items.length === 1 ? response.body.items : undefined;
    });
    expect(forEmployer[0]).toEqual({ seekerId: expect.stringMatching(/^skr_/), score: matches[0].score, reasons: matches[0].reasons });
    expect(JSON.stringify(forEmployer)).not.toContain('w-nanny');
  });

  it('matches a new profile against the postings already open', async () => {
    const id = (await province.request('POST', '/v1/jobs', { body: nanny({ trade: 'elderly_care', skills: [] }), headers: employerA })).body.id as string;
    const me = await worker('w-carer');
    await province.request('PUT', '/v1/job-seekers/me', { body: { ...profile, trades: ['elderly_care'], regionCodes: ['350200'] }, headers: me });
    const matches = await eventually(async () => {
      const response = await province.request('GET', '/v1/job-seekers/me/matches', { headers: me });
      return response.body.items.length > 0 ? response.body.items : undefined;
    });
    expect(matches.map((m: { job: { id: string } }) => m.job.id)).toEqual([id]);
    expect(matches[0].reasons.find((r: { factor: string }) => r.factor === 'region').points).toBe(16);
  });

  it('shares a worker\'s mobile with the employer only after they accept, once per worker and job', async () => {
    const id = await post(employerA, { trade: 'catering' });
    const me = await worker('w-cook');
    const mobile = validMobile(5678);
    const interest = await province.request('POST', `/v1/jobs/${id}/interest`, { body: { mobile, note: '有健康证' }, headers: me });
    expect(interest.status, JSON.stringify(interest.body)).toBe(201);
    expectProblem(await province.request('POST', `/v1/jobs/${id}/interest`, { body: {}, headers: me }), 409);
    expect((await province.request('POST', `/v1/jobs/${id}/interest`, { headers: await worker('w-cook-2') })).status).toBe(201);

    const listed = await province.request('GET', `/v1/jobs/${id}/interests`, { headers: employerA });
    const mine = listed.body.items.find((i: { intentionId: string }) => i.intentionId === interest.body.intentionId);
    expect(mine).toMatchObject({ status: 'pending', mobile: '138****5678', note: '有健康证' });
    expect(JSON.stringify(listed.body)).not.toContain(mobile);
    expectProblem(await province.request('POST', `/v1/jobs/${id}/interests/${interest.body.intentionId}/accept`, { headers: employerB }), 404);

    const accepted = await province.request('POST', `/v1/jobs/${id}/interests/${interest.body.intentionId}/accept`, { headers: employerA });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ jobId: id, status: 'accepted', mobile });
    const after = await province.request('GET', `/v1/jobs/${id}/interests`, { headers: employerA });
    expect(after.body.items.find((i: { intentionId: string }) => i.intentionId === interest.body.intentionId).mobile).toBe(mobile);

    await province.request('POST', `/v1/jobs/${id}/close`, { headers: employerA });
    expectProblem(await province.request('POST', `/v1/jobs/${id}/interest`, { headers: await worker('w-late') }), 409);
  });
});

describe('WorkerErased', () => {
  it('drops the worker\'s profile and matches, and the contact they shared, keeping the interest counted', async () => {
    const me = await worker('w-erased');
    await province.request('PUT', '/v1/job-seekers/me', {
      body: { trades: ['construction'], skills: [], regionCodes: ['350203'], days: [1, 2, 3, 4, 5, 6, 7] },
      headers: me,
    });
    const id = await post(employerA, { trade: 'construction' });
    await eventually(async () => ((await province.request('GET', `/v1/jobs/${id}/matches`, { headers: employerA })).body.items.length === 1 ? true : undefined));
    await province.request('POST', `/v1/jobs/${id}/interest`, { body: { mobile: validMobile(9999), note: '周末也可以' }, headers: me });

    const sqs = new SQSClient({ endpoint: testEngines().sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sendEvent(sqs, province.queues.jobsMatcher!.queueUrl, envelope(WorkerErasedV1, { workerId: 'worker:w-erased' }, { province: '35', now: new Date() }));
    sqs.destroy();

    await eventually(async () => ((await province.request('GET', '/v1/job-seekers/me', { headers: me })).status === 404 ? true : undefined));
    await eventually(async () => ((await province.request('GET', `/v1/jobs/${id}/matches`, { headers: employerA })).body.items.length === 0 ? true : undefined));
    const interests = await province.request('GET', `/v1/jobs/${id}/interests`, { headers: employerA });
    expect(interests.body.items).toHaveLength(1);
    expect(interests.body.items[0]).toMatchObject({ mobile: null, note: null });
  });
});

describe('fairs', () => {
  it('counts booths, positions, check-ins and intentions that add up, in the fair, its report and org stats', async () => {
    const staff = { authorization: `Bearer ${await province.token({ role: 'org_admin', sub: 'staff-siming', orgId: orgs.siming })}` };
    const fairBody = { orgId: orgs.siming, title: '思明区新就业形态劳动者专场招聘会', startsAt: later(-3600_000), endsAt: later(5 * 3600_000), venue: '思明区工人文化宫', online: false };
    // The jobs service learns of orgs by event: the org is found a moment after it is created.
    const fair = await eventually(async () => {
      const response = await province.request('POST', '/v1/fairs', { body: fairBody, headers: staff });
      return response.status === 201 ? response.body : undefined;
    });
    expect(fair).toMatchObject({ id: expect.stringMatching(/^fair_/), orgId: orgs.siming, online: false });
    const huliStaff = { authorization: `Bearer ${await province.token({ role: 'org_admin', sub: 'staff-huli', orgId: orgs.huli })}` };
    expectProblem(await province.request('POST', '/v1/fairs', { body: { ...fairBody, orgId: orgs.siming }, headers: huliStaff }), 404);

    const [a1, a2, b1] = [await post(employerA, { headcount: 3 }), await post(employerA, { headcount: 4 }), await post(employerB, { headcount: 10 })];
    const boothA = await province.request('POST', `/v1/fairs/${fair.id}/booths`, { body: { jobIds: [a1, a2] }, headers: employerA });
    expect(boothA.status, JSON.stringify(boothA.body)).toBe(201);
    expect(boothA.body).toMatchObject({ jobIds: [a1, a2], positions: 7 });
    expect((await province.request('POST', `/v1/fairs/${fair.id}/booths`, { body: { jobIds: [a1] }, headers: employerA })).body.positions).toBe(7);
    expectProblem(await province.request('POST', `/v1/fairs/${fair.id}/booths`, { body: { jobIds: [b1] }, headers: employerA }), 404);
    expect((await province.request('POST', `/v1/fairs/${fair.id}/booths`, { body: { jobIds: [b1] }, headers: employerB })).status).toBe(201);

    const link = await province.request('POST', `/v1/fairs/${fair.id}/checkin-links`, { headers: staff });
    expect(link.status).toBe(201);
    expect(link.body.url).toContain(link.body.token);
    const me = await worker('w-fair');
    expectProblem(await province.request('POST', `/v1/fairs/${fair.id}/checkins`, { body: {}, headers: me }), 400);
    expectProblem(await province.request('POST', `/v1/fairs/${fair.id}/checkins`, { body: { checkinToken: 'forged' }, headers: me }), 400);
    const first = await province.request('POST', `/v1/fairs/${fair.id}/checkins`, { body: { checkinToken: link.body.token }, headers: me });
    expect(first.status).toBe(201);
    const again = await province.request('POST', `/v1/fairs/${fair.id}/checkins`, { body: { checkinToken: link.body.token }, headers: me });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, firstTime: false });

    expectProblem(await province.request('POST', `/v1/fairs/${fair.id}/intentions`, { body: { jobId: a1 }, headers: await worker('w-not-here') }), 409);
    expect((await province.request('POST', `/v1/fairs/${fair.id}/intentions`, { body: { jobId: a1 }, headers: me })).status).toBe(201);
    expect((await province.request('POST', `/v1/fairs/${fair.id}/intentions`, { body: { jobId: b1 }, headers: me })).status).toBe(201);
    expectProblem(await province.request('POST', `/v1/fairs/${fair.id}/intentions`, { body: { jobId: a1 }, headers: me }), 409);
    expectProblem(await province.request('POST', `/v1/fairs/${fair.id}/intentions`, { body: { jobId: 'job_elsewhere' }, headers: me }), 404);

    // A headcount edit moves the fair's positions in the same transaction.
    expect((await province.request('PUT', `/v1/jobs/${a2}`, { body: jobPosting({ headcount: 6 }), headers: employerA })).status).toBe(200);

    const stats = await province.request('GET', `/v1/fairs/${fair.id}/stats`, { headers: me });
    expect(stats.body).toEqual({ employers: 2, positions: 19, checkins: 1, intentions: 2 });

    const report = await province.request('GET', `/v1/fairs/${fair.id}/report`, { headers: staff });
    expect(report.status).toBe(200);
    expect(report.body.totals).toEqual(stats.body);
    expect(report.body.employers.reduce((sum: number, e: { positions: number }) => sum + e.positions, 0)).toBe(19);
    expect(report.body.employers.reduce((sum: number, e: { intentions: number }) => sum + e.intentions, 0)).toBe(2);
    const csv = await province.request('GET', `/v1/fairs/${fair.id}/report`, { headers: { ...staff, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('employer_id,employer,jobs,positions,intentions,checkins');
    expect(String(csv.body)).toContain('厦门用工企业72,1,10,1,');
    expectProblem(await province.request('GET', `/v1/fairs/${fair.id}/report`, { headers: huliStaff }), 404);

    const listed = await province.request('GET', `/v1/fairs?orgId=${orgs.siming}`, { headers: me });
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([fair.id]);

    const orgStats = await eventually(async () => {
      const response = await province.request('GET', `/v1/orgs/${orgs.xiamen}/stats`, { headers: admin });
      return response.body.fairs?.intentions === 2 ? response.body : undefined;
    });
    expect(orgStats.fairs).toEqual({ count: 1, intentions: 2 });
  });
});
