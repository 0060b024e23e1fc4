import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneCallerPerRole } from '../helpers/callers.js';
import { validIdNumber, validMobile } from '../helpers/identity.js';
import { jobPosting } from '../helpers/jobs.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import type { Role } from '../../shared/topology.js';

/**
 * The invariants the jobs, fairs, stations and membership services promise, under 20–50 simultaneous
 * requests through the local gateway (the micro-wish ones are in wishes-races.test.ts): each
 * holds, every loser gets its 4xx, and the counts agree with the winners.
 */
let province: TestProvince;
let callers: Record<Role, Record<string, string>>;
let staff: Record<string, string>;
let orgId: string;

const statuses = (responses: ApiResponse[]) => responses.map((response) => response.status).sort();
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));
const workerHeaders = async (sub: string) => ({ authorization: `Bearer ${await province.token({ role: 'worker', sub })}` });

beforeAll(async () => {
  province = await startTestProvince();
  callers = await oneCallerPerRole(province, 7300);
  const org = async (name: string, parentId: string | null, regionCode: string) => {
    const response = await province.request('POST', '/v1/orgs', { body: { name, kind: 'federation', parentId, regionCode }, headers: callers.province_admin });
    if (response.status !== 201) throw new Error(`org ${name}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  };
  orgId = await org('思明区总工会', await org('福建省总工会', null, '350000'), '350203');
  staff = { authorization: `Bearer ${await province.token({ role: 'org_admin', sub: 'staff', orgId })}` };
});

afterAll(async () => {
  await province?.stop();
});

async function newJob(): Promise<string> {
  const response = await province.request('POST', '/v1/jobs', { body: jobPosting(), headers: callers.employer });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

describe('simultaneous requests', () => {
  it('record one interest of a worker in a job out of 30 at once; the rest get 409, and the employer sees one', async () => {
    const jobId = await newJob();
    const worker = await workerHeaders('w-eager');
    const responses = await times(30, () => province.request('POST', `/v1/jobs/${jobId}/interest`, { body: {}, headers: worker }));
    expect(statuses(responses)).toEqual([201, ...Array(29).fill(409)]);
    const interests = await province.request('GET', `/v1/jobs/${jobId}/interests`, { headers: callers.employer });
    expect(interests.body.items).toHaveLength(1);
  });

  it('check a worker in at a fair once out of 30 at once, and count one check-in', async () => {
    const fair = await eventually(async () => {
      const body = { orgId, title: '思明区专场招聘会', startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), venue: '思明区工人文化宫', online: false };
      const response = await province.request('POST', '/v1/fairs', { body, headers: staff });
      return response.status === 201 ? response.body : undefined;
    });
    const jobId = await newJob();
    expect((await province.request('POST', `/v1/fairs/${fair.id}/booths`, { body: { jobIds: [jobId] }, headers: callers.employer })).status).toBe(201);
    const { token } = (await province.request('POST', `/v1/fairs/${fair.id}/checkin-links`, { headers: staff })).body;
    const visitor = await workerHeaders('w-visitor');

    const checkins = await times(30, () => province.request('POST', `/v1/fairs/${fair.id}/checkins`, { body: { checkinToken: token }, headers: visitor }));
    expect(statuses(checkins)).toEqual([...Array(29).fill(200), 201]);
    expect(checkins.filter((response) => response.body.firstTime === true)).toHaveLength(1);

    const intentions = await times(20, () => province.request('POST', `/v1/fairs/${fair.id}/intentions`, { body: { jobId }, headers: visitor }));
    expect(statuses(intentions)).toEqual([201, ...Array(19).fill(409)]);

    const stats = await eventually(async () => {
      const response = await province.request('GET', `/v1/fairs/${fair.id}/stats`, { headers: staff });
      return response.body.checkins === 1 && response.body.intentions === 1 ? response.body : undefined;
    });
    expect(stats).toMatchObject({ checkins: 1, intentions: 1 });
  });

  it('count one visit of a worker to a station a day out of 30 at once, and one of each of 20 workers visiting at once', async () => {
    const station = await eventually(async () => {
      const body = { orgId, name: '莲前驿站', kind: 'union_station', regionCode: '350203', address: '思明区莲前西路 2 号', location: { lat: 24.4772, lng: 118.1423 }, amenities: ['water'], hours: { always: true } };
      const response = await province.request('POST', '/v1/stations', { body, headers: staff });
      return response.status === 201 ? response.body : undefined;
    });
    const eager = await workerHeaders('w-visitor');
    const same = await times(30, () => province.request('POST', `/v1/stations/${station.id}/visits`, { body: { rating: 5 }, headers: eager }));
    expect(statuses(same)).toEqual([201, ...Array(29).fill(409)]);
    const crowd = await times(20, async (i) => province.request('POST', `/v1/stations/${station.id}/visits`, { body: { rating: 3 }, headers: await workerHeaders(`w-crowd-${i}`) }));
    expect(statuses(crowd)).toEqual(Array(20).fill(201));
    const stats = await province.request('GET', `/v1/stations/${station.id}/stats`, { headers: staff });
    expect(stats.body).toEqual({ visits: 21, uniqueVisitors: 21, rating: Math.round(((5 + 20 * 3) / 21) * 10) / 10 });
  });

  it('let one of 20 workers joining with the same ID number at once in, and refuse the rest with 409', async () => {
    const link = await eventually(async () => {
      const response = await province.request('POST', `/v1/orgs/${orgId}/join-links`, { body: {}, headers: staff });
      return response.status === 201 ? (response.body.token as string) : undefined; // the org reaches membership by event
    });
    const person = { name: '林小东', idNumber: validIdNumber(7777) };
    const responses = await times(20, async (i) =>
      province.request('POST', '/v1/memberships', {
        headers: await workerHeaders(`w-same-person-${i}`),
        body: { joinToken: link, ...person, mobile: validMobile(7700 + i), occupation: 'courier', regionCode: '350203', consent: { version: '2026-01', accepted: true } },
      }),
    );
    expect(statuses(responses)).toEqual([201, ...Array(19).fill(409)]);
    const listed = await province.request('GET', `/v1/orgs/${orgId}/memberships?status=pending&limit=100`, { headers: staff });
    expect(listed.body.items).toHaveLength(1);
  });
});
