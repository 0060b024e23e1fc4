import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/services.js';
import type { Role, RouteSpec } from '../../shared/topology.js';
import { rosterRow, validCreditCode, validIdNumber, validMobile } from '../helpers/identity.js';
import { jobPosting } from '../helpers/jobs.js';
import { activeMember } from '../helpers/members.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';
import { wishBody, wishWorld, type WishWorld } from '../helpers/wishes.js';
import { provinceItems } from '../helpers/tables.js';

/**
 * Every route × every kind of caller, through the local gateway: the status each must get by
 * api.md's rule (401 without credentials; 403 for a role the route does not admit, or for what
 * the caller may see but not change; 404 for what it may not see; 409 for what the state
 * forbids) and, in every answer, nothing of another tenant. "The org" is 思明区总工会; its
 * ancestor 厦门市总工会, its sibling 湖里区总工会. A route without a row fails the test.
 */
const CALLERS = [
  'none',
  'worker',
  'otherWorker',
  'orgAdmin',
  'ancestorAdmin',
  'siblingAdmin',
  'provinceAdmin',
  'partner',
  'otherPartner',
  'donor',
  'otherDonor',
  'employer',
  'otherEmployer',
] as const;
type Caller = (typeof CALLERS)[number];

const ROLE: Record<Caller, Role | undefined> = {
  none: undefined,
  worker: 'worker',
  otherWorker: 'worker',
  orgAdmin: 'org_admin',
  ancestorAdmin: 'org_admin',
  siblingAdmin: 'org_admin',
  provinceAdmin: 'province_admin',
  partner: 'partner',
  otherPartner: 'partner',
  donor: 'donor',
  otherDonor: 'donor',
  employer: 'employer',
  otherEmployer: 'employer',
};

/** Allowed through: 2xx; where a caller before it already changed the state, 409 too. */
const OK = 'ok';
type Expected = typeof OK | 401 | 403 | 404 | 409;

interface Call {
  path: string;
  body?: unknown;
  /** Credentials that replace a caller's for this call (a fresh worker for routes that change the worker). */
  as?: Partial<Record<Caller, Record<string, string>>>;
}

interface Row {
  /** What the call is made on, once per row (`each`: once per caller, for what a success uses up). */
  prepare?: 'each';
  call: () => Promise<Call> | Call;
  /** The cells of callers the route admits that are not plainly OK. */
  expect?: Partial<Record<Caller, Expected>>;
}

let province: TestProvince;
let world: WishWorld;
const headers = {} as Record<Caller, Record<string, string>>;
const ids = {} as Record<string, string>;
/** The member whose wishes the rows on one wish act on, each in a campaign of its own. */
let wishAuthor: { token: string };
/** What each caller alone may see: no answer to another caller of its kind may carry it. */
const privateTo: Partial<Record<Caller, string[]>> = {};
const RIVAL: Partial<Record<Caller, Caller>> = {
  worker: 'otherWorker',
  otherWorker: 'worker',
  partner: 'otherPartner',
  otherPartner: 'partner',
  donor: 'otherDonor',
  otherDonor: 'donor',
  siblingAdmin: 'orgAdmin',
};

let seed = 9100;
/** Every answer the matrix got, scanned for personal data at the end. */
const answers: string[] = [];
const DAY = 86_400_000;
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const as = (caller: Caller, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: headers[caller] });
/** The body of a setup call's answer, which must have `status`. */
async function setupBody(response: Promise<ApiResponse> | ApiResponse, status = 201): Promise<any> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`setup answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const member = (orgKey: 'siming' | 'huli' = 'siming') => activeMember(province, { staffToken: world.staff[orgKey], orgId: world.orgs[orgKey] });
const joinLink = async (orgKey: 'siming' | 'huli') => (await setupBody(as(orgKey === 'siming' ? 'orgAdmin' : 'siblingAdmin', 'POST', `/v1/orgs/${world.orgs[orgKey]}/join-links`, {}))).token as string;

/** A worker's membership waiting for staff (no roster vouches for the person). */
async function pendingMembership(): Promise<string> {
  const n = seed++;
  const token = await province.token({ role: 'worker', sub: `pending-${n}` });
  const joined = await setupBody(
    province.request('POST', '/v1/memberships', {
      headers: bearer(token),
      body: { joinToken: await joinLink('siming'), name: '陈小北', mobile: validMobile(n), idNumber: validIdNumber(n), occupation: 'courier', regionCode: '350203', consent: { version: '2026-01', accepted: true } },
    }),
  );
  return joined.id;
}

/**
 * A wish waiting for review: `worker`'s in the file's campaign, or else the wish author's in a
 * campaign of its own (a member has one wish per campaign, and opening a campaign costs far
 * less than making a member).
 */
async function submittedWish(worker?: { token: string }): Promise<string> {
  const campaignId = worker ? ids.campaign : (await world.campaign()).id;
  return (await setupBody(world.bearer((worker ?? wishAuthor).token, 'POST', `/v1/campaigns/${campaignId}/wishes`, wishBody()))).id;
}
async function openWish(worker?: { token: string }): Promise<string> {
  const wishId = await submittedWish(worker);
  await setupBody(as('orgAdmin', 'POST', `/v1/wishes/${wishId}/approve`), 200);
  return wishId;
}
async function claimedWish(worker?: { token: string }): Promise<string> {
  const wishId = await openWish(worker);
  await setupBody(as('donor', 'POST', `/v1/wishes/${wishId}/claim`), 200);
  return wishId;
}

const stationBody = () => ({ orgId: world.orgs.siming, name: `莲前驿站${seed++}`, kind: 'union_station', regionCode: '350203', address: '思明区莲前西路 100 号', location: { lat: 24.477, lng: 118.142 }, amenities: ['water'], hours: { always: true } });
/** A skills course of the org under way (completions need it begun), with seats for every row. */
const courseBody = () => ({ orgId: world.orgs.siming, title: `叉车操作培训${seed++}`, kind: 'skills', skills: ['叉车操作'], startsAt: later(-3600_000), endsAt: later(5 * 3600_000), seats: 50, online: false, location: { address: '思明区工人文化宫' } });

const helpBody = { category: 'wage_arrears', description: '拖欠两个月配送费', regionCode: '350203', amountFen: 500_000 };
/** A request the worker filed, which goes to the org (the worker is its member). */
const helpRequest = async (): Promise<string> => (await setupBody(as('worker', 'POST', '/v1/help-requests', helpBody))).id;

const seekerProfile = { trades: ['delivery'], skills: ['电动车驾驶'], regionCodes: ['350203'], days: [1, 2, 3] };

async function roster(partner: 'partner' | 'otherPartner', state: 'receiving' | 'sent' | 'completed', riderId?: string): Promise<string> {
  const created = await setupBody(as(partner, 'POST', '/v1/rosters', { mode: 'delta', asOf: new Date().toISOString() }));
  if (state === 'receiving') return created.id;
  await setupBody(as(partner, 'PUT', `/v1/rosters/${created.id}/chunks/1`, { rows: [rosterRow(seed++, riderId ? { riderId } : {})] }), 202);
  if (state === 'sent') return created.id;
  await setupBody(as(partner, 'POST', `/v1/rosters/${created.id}/complete`, { chunks: 1 }), 202);
  await eventually(async () => ((await as(partner, 'GET', `/v1/rosters/${created.id}`)).body.status === 'completed' ? true : undefined), 20_000);
  return created.id;
}

/** The cells of staff on something of the org: its staff, its ancestor's and the province's may; the sibling's may not see it. */
const ORG_SCOPED: Row['expect'] = { siblingAdmin: 404 };
/** Staff on a donor's claim: the org's, its ancestor's and the province's see it and may not change it; the sibling's may not see it. */
const DONORS_CLAIM: Row['expect'] = { orgAdmin: 403, ancestorAdmin: 403, provinceAdmin: 403, siblingAdmin: 404 };
const fresh = async (...callers: Caller[]) => Object.fromEntries(await Promise.all(callers.map(async (caller) => [caller, bearer((await member()).token)])));

const ROWS: Record<string, Row> = {
  'GET /v1/health': { call: () => ({ path: '/v1/health' }) },
  'GET /v1/openapi.json': { call: () => ({ path: '/v1/openapi.json' }) },

  'POST /v1/accounts': { call: () => ({ path: '/v1/accounts', body: { kind: 'donor', name: '厦门矩阵测试有限公司', creditCode: validCreditCode(seed++) } }), prepare: 'each' },
  'POST /v1/accounts/{accountId}/keys': { call: () => ({ path: `/v1/accounts/${ids.spareAccount}/keys`, body: {} }) },
  'GET /v1/accounts': { call: () => ({ path: '/v1/accounts?kind=donor' }) },
  'GET /v1/accounts/me': { call: () => ({ path: '/v1/accounts/me' }) },
  'GET /v1/audit': { call: () => ({ path: '/v1/audit' }) },

  'POST /v1/stations': { prepare: 'each', call: () => ({ path: '/v1/stations', body: stationBody() }), expect: ORG_SCOPED },
  'GET /v1/stations': { call: () => ({ path: '/v1/stations?near=24.477,118.142' }) },
  'GET /v1/stations/{stationId}': { call: () => ({ path: `/v1/stations/${ids.station}` }) },
  // Each worker visits once; staff see the figures of their subtree's stations only.
  'POST /v1/stations/{stationId}/visits': { call: () => ({ path: `/v1/stations/${ids.station}/visits`, body: { rating: 4 } }) },
  'GET /v1/stations/{stationId}/stats': { call: () => ({ path: `/v1/stations/${ids.station}/stats` }), expect: ORG_SCOPED },

  'POST /v1/courses': { prepare: 'each', call: () => ({ path: '/v1/courses', body: courseBody() }), expect: ORG_SCOPED },
  'GET /v1/courses': { call: () => ({ path: '/v1/courses' }) },
  'GET /v1/courses/{courseId}': { call: () => ({ path: `/v1/courses/${ids.course}` }) },
  // Members who hold no seat yet (the worker holds one since setup).
  'POST /v1/courses/{courseId}/enrollments': { call: async () => ({ path: `/v1/courses/${ids.course}/enrollments`, as: await fresh('worker', 'otherWorker') }) },
  'GET /v1/courses/{courseId}/enrollments': { call: () => ({ path: `/v1/courses/${ids.course}/enrollments` }), expect: ORG_SCOPED },
  // Courses are public: the sibling's staff see this one and may not complete it. A repeat gives the same certificate.
  'POST /v1/courses/{courseId}/completions': { call: () => ({ path: `/v1/courses/${ids.course}/completions`, body: { workerIds: [ids.enrolledWorker] } }), expect: { siblingAdmin: 403 } },
  'GET /v1/certificates/{certificateNo}': { call: () => ({ path: `/v1/certificates/${ids.certificate}` }) },

  'POST /v1/help-requests': { call: () => ({ path: '/v1/help-requests', body: helpBody }) },
  'GET /v1/help-requests/me': { call: () => ({ path: '/v1/help-requests/me' }) },
  // The worker's request, handled by the org: another worker and the sibling's staff do not see it.
  'GET /v1/help-requests/{requestId}': { call: () => ({ path: `/v1/help-requests/${ids.helpRequest}` }), expect: { otherWorker: 404, ...ORG_SCOPED } },
  'POST /v1/help-requests/{requestId}/transitions': { prepare: 'each', call: async () => ({ path: `/v1/help-requests/${await helpRequest()}/transitions`, body: { to: 'accepted', note: '已受理' } }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/help-requests': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/help-requests` }), expect: ORG_SCOPED },
  'PUT /v1/orgs/{orgId}/aid-fund/{year}': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/aid-fund/2027`, body: { budgetFen: 100_000 } }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/aid-fund/{year}': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/aid-fund/2027` }), expect: ORG_SCOPED },

  'POST /v1/orgs': { call: () => ({ path: '/v1/orgs', body: { name: `莲前联合工会${seed++}`, kind: 'joint_union', parentId: world.orgs.siming, regionCode: '350203' } }), prepare: 'each', expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}` }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/children': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/children` }), expect: ORG_SCOPED },
  'POST /v1/orgs/{orgId}/join-links': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/join-links`, body: {} }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/join-links': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/join-links` }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/join-links/{token}/poster': { call: async () => ({ path: `/v1/orgs/${world.orgs.siming}/join-links/${await joinLink('siming')}/poster` }), expect: ORG_SCOPED },
  'DELETE /v1/orgs/{orgId}/join-links/{token}': { prepare: 'each', call: async () => ({ path: `/v1/orgs/${world.orgs.siming}/join-links/${await joinLink('siming')}` }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/memberships': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/memberships` }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/invitations': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/invitations` }), expect: ORG_SCOPED },
  'GET /v1/orgs/{orgId}/stats': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/stats` }), expect: ORG_SCOPED },
  'PUT /v1/orgs/{orgId}/targets/{year}': { call: () => ({ path: `/v1/orgs/${world.orgs.siming}/targets/2027`, body: { members: 100 } }), expect: ORG_SCOPED },

  'POST /v1/verifications/mobile': { prepare: 'each', call: () => ({ path: '/v1/verifications/mobile', body: { mobile: validMobile(seed++) } }) },
  // Both workers are members already: joining again is what the state forbids.
  'POST /v1/memberships': { call: async () => ({ path: '/v1/memberships', body: { joinToken: await joinLink('siming'), name: '林小东', mobile: validMobile(seed), idNumber: validIdNumber(seed++), occupation: 'courier', regionCode: '350203', consent: { version: '2026-01', accepted: true } } }), expect: { worker: 409, otherWorker: 409 } },
  'GET /v1/memberships/me': { call: () => ({ path: '/v1/memberships/me' }) },
  'DELETE /v1/memberships/me': { call: async () => ({ path: '/v1/memberships/me', as: await fresh('worker', 'otherWorker') }) },
  'PUT /v1/memberships/me/consent': { call: () => ({ path: '/v1/memberships/me/consent', body: { shareWithPlatforms: true } }) },
  'POST /v1/memberships/me/erasure': { call: async () => ({ path: '/v1/memberships/me/erasure', as: await fresh('worker', 'otherWorker') }) },
  'POST /v1/memberships/me/transfer': { call: async () => ({ path: '/v1/memberships/me/transfer', body: { joinToken: await joinLink('huli') }, as: await fresh('worker', 'otherWorker') }) },
  'POST /v1/memberships/{membershipId}/approve': { prepare: 'each', call: async () => ({ path: `/v1/memberships/${await pendingMembership()}/approve` }), expect: ORG_SCOPED },
  'POST /v1/memberships/{membershipId}/reject': { prepare: 'each', call: async () => ({ path: `/v1/memberships/${await pendingMembership()}/reject`, body: { reason: '资料不全' } }), expect: ORG_SCOPED },
  'POST /v1/memberships/{membershipId}/erasure': { prepare: 'each', call: async () => ({ path: `/v1/memberships/${(await member()).membershipId}/erasure` }), expect: ORG_SCOPED },
  // A transfer from 湖里 to 思明 is accepted by the receiving org: the org it leaves does not see it.
  'POST /v1/transfers/{transferId}/accept': {
    prepare: 'each',
    call: async () => {
      const leaving = await member('huli');
      const requested = await setupBody(world.bearer(leaving.token, 'POST', '/v1/memberships/me/transfer', { joinToken: await joinLink('siming') }), 202);
      return { path: `/v1/transfers/${requested.transferId}/accept` };
    },
    expect: ORG_SCOPED,
  },

  'POST /v1/rosters': { call: () => ({ path: '/v1/rosters', body: { mode: 'delta', asOf: new Date().toISOString() } }) },
  'PUT /v1/rosters/{rosterId}/chunks/{seq}': { call: async () => ({ path: `/v1/rosters/${(ids.openRoster ??= await roster('partner', 'receiving'))}/chunks/1`, body: { rows: [rosterRow(seed++)] } }), expect: { otherPartner: 404 } },
  'POST /v1/rosters/{rosterId}/complete': { call: async () => ({ path: `/v1/rosters/${await roster('partner', 'sent')}/complete`, body: { chunks: 1 } }), expect: { otherPartner: 404 } },
  'GET /v1/rosters': { call: () => ({ path: '/v1/rosters' }) },
  'GET /v1/rosters/{rosterId}': { call: () => ({ path: `/v1/rosters/${ids.roster}` }), expect: { otherPartner: 404 } },
  // The roster the chunk row opened (a partner holds three open at most).
  'POST /v1/rosters/{rosterId}/abandon': { call: async () => ({ path: `/v1/rosters/${(ids.openRoster ??= await roster('partner', 'receiving'))}/abandon` }), expect: { otherPartner: 404 } },
  'GET /v1/rosters/{rosterId}/rejections': { call: () => ({ path: `/v1/rosters/${ids.roster}/rejections` }), expect: { otherPartner: 404 } },
  'GET /v1/riders/{riderId}': { call: () => ({ path: `/v1/riders/${ids.rider}` }), expect: { otherPartner: 404 } },

  'POST /v1/jobs': { call: () => ({ path: '/v1/jobs', body: jobPosting() }) },
  'GET /v1/jobs': { call: () => ({ path: '/v1/jobs' }) },
  'GET /v1/jobs/{jobId}': { call: () => ({ path: `/v1/jobs/${ids.job}` }) },
  // Postings are public: another employer sees this one, and may not change it.
  'PUT /v1/jobs/{jobId}': { call: () => ({ path: `/v1/jobs/${ids.job}`, body: jobPosting() }), expect: { otherEmployer: 403 } },
  'POST /v1/jobs/{jobId}/close': { call: async () => ({ path: `/v1/jobs/${(await setupBody(as('employer', 'POST', '/v1/jobs', jobPosting()))).id}/close` }), expect: { otherEmployer: 403 } },
  'GET /v1/jobs/{jobId}/matches': { call: () => ({ path: `/v1/jobs/${ids.job}/matches` }), expect: { otherEmployer: 404 } },
  'POST /v1/jobs/{jobId}/interest': { prepare: 'each', call: async () => ({ path: `/v1/jobs/${(await setupBody(as('employer', 'POST', '/v1/jobs', jobPosting()))).id}/interest`, body: {} }) },
  'GET /v1/jobs/{jobId}/interests': { call: () => ({ path: `/v1/jobs/${ids.job}/interests` }), expect: { otherEmployer: 404 } },
  'POST /v1/jobs/{jobId}/interests/{intentionId}/accept': {
    prepare: 'each',
    call: async () => {
      const job = (await setupBody(as('employer', 'POST', '/v1/jobs', jobPosting()))).id;
      const seeker = bearer(await province.token({ role: 'worker', sub: `seeker-${seed++}` }));
      const interest = await setupBody(province.request('POST', `/v1/jobs/${job}/interest`, { body: {}, headers: seeker }));
      return { path: `/v1/jobs/${job}/interests/${interest.intentionId}/accept` };
    },
    expect: { otherEmployer: 404 },
  },
  'PUT /v1/job-seekers/me': { call: () => ({ path: '/v1/job-seekers/me', body: seekerProfile }) },
  'GET /v1/job-seekers/me': { call: () => ({ path: '/v1/job-seekers/me' }) },
  'GET /v1/job-seekers/me/matches': { call: () => ({ path: '/v1/job-seekers/me/matches' }) },

  'POST /v1/fairs': { prepare: 'each', call: () => ({ path: '/v1/fairs', body: { orgId: world.orgs.siming, title: '思明区专场招聘会', startsAt: later(-3600_000), endsAt: later(5 * 3600_000), venue: '思明区工人文化宫', online: false } }), expect: ORG_SCOPED },
  'GET /v1/fairs': { call: () => ({ path: '/v1/fairs' }) },
  'POST /v1/fairs/{fairId}/booths': { prepare: 'each', call: async () => ({ path: `/v1/fairs/${ids.fair}/booths`, body: { jobIds: [(await setupBody(as('employer', 'POST', '/v1/jobs', jobPosting()))).id] } }), expect: { otherEmployer: 404 } },
  'POST /v1/fairs/{fairId}/checkin-links': { call: () => ({ path: `/v1/fairs/${ids.fair}/checkin-links` }), expect: ORG_SCOPED },
  'GET /v1/fairs/{fairId}/checkin-links/{token}/poster': { call: () => ({ path: `/v1/fairs/${ids.fair}/checkin-links/${ids.checkinToken}/poster` }), expect: ORG_SCOPED },
  'POST /v1/fairs/{fairId}/checkins': { call: () => ({ path: `/v1/fairs/${ids.fair}/checkins`, body: { checkinToken: ids.checkinToken } }) },
  'POST /v1/fairs/{fairId}/intentions': { prepare: 'each', call: async () => ({ path: `/v1/fairs/${ids.fair}/intentions`, body: { jobId: ids.job }, as: await checkedIn('worker', 'otherWorker') }) },
  'GET /v1/fairs/{fairId}/stats': { call: () => ({ path: `/v1/fairs/${ids.fair}/stats` }) },
  'GET /v1/fairs/{fairId}/report': { call: () => ({ path: `/v1/fairs/${ids.fair}/report` }), expect: ORG_SCOPED },

  'POST /v1/campaigns': { prepare: 'each', call: () => ({ path: '/v1/campaigns', body: { orgId: world.orgs.siming, title: '2027 暖心微心愿', opensAt: later(-3600_000), closesAt: later(30 * DAY), budgetFen: 100_000, quota: 10, maxValueFen: 50_000 } }), expect: ORG_SCOPED },
  'GET /v1/campaigns': { call: () => ({ path: `/v1/campaigns?orgId=${world.orgs.siming}` }), expect: ORG_SCOPED },
  'GET /v1/campaigns/{campaignId}': { call: () => ({ path: `/v1/campaigns/${ids.campaign}` }), expect: ORG_SCOPED },
  'GET /v1/campaigns/{campaignId}/report': { call: () => ({ path: `/v1/campaigns/${ids.campaign}/report` }), expect: ORG_SCOPED },
  'POST /v1/campaigns/{campaignId}/wishes': { call: async () => ({ path: `/v1/campaigns/${ids.campaign}/wishes`, body: wishBody(), as: await fresh('worker', 'otherWorker') }) },
  'GET /v1/wishes': { call: () => ({ path: '/v1/wishes' }) },
  'GET /v1/wishes/me': { call: () => ({ path: '/v1/wishes/me' }) },
  // The worker's own open wish: the pool shows it to every donor; another worker does not see it.
  'GET /v1/wishes/{wishId}': { call: () => ({ path: `/v1/wishes/${ids.workersWish}` }), expect: { otherWorker: 404, ...ORG_SCOPED } },
  'POST /v1/wishes/{wishId}/approve': { prepare: 'each', call: async () => ({ path: `/v1/wishes/${await submittedWish()}/approve` }), expect: ORG_SCOPED },
  'POST /v1/wishes/{wishId}/reject': { prepare: 'each', call: async () => ({ path: `/v1/wishes/${await submittedWish()}/reject`, body: { reason: '不符合活动范围' } }), expect: ORG_SCOPED },
  'POST /v1/wishes/{wishId}/claim': { prepare: 'each', call: async () => ({ path: `/v1/wishes/${await openWish()}/claim` }) },
  'POST /v1/wishes/claims': { prepare: 'each', call: async () => ({ path: '/v1/wishes/claims', body: { wishIds: [await openWish()] } }) },
  // Claimed by the donor: another donor, and the org's staff, see the wish and may not change the donor's claim.
  'POST /v1/wishes/{wishId}/release': { prepare: 'each', call: async () => ({ path: `/v1/wishes/${await claimedWish()}/release` }), expect: { otherDonor: 403, ...DONORS_CLAIM } },
  'POST /v1/wishes/{wishId}/deliver': { prepare: 'each', call: async () => ({ path: `/v1/wishes/${await claimedWish()}/deliver`, body: { note: '已送到工会', to: 'org' } }), expect: { otherDonor: 403, ...DONORS_CLAIM } },
  'POST /v1/wishes/{wishId}/confirm': {
    prepare: 'each',
    call: async () => {
      const wishId = await claimedWish();
      await setupBody(as('donor', 'POST', `/v1/wishes/${wishId}/deliver`, { note: '已送到工会', to: 'org' }), 200);
      return { path: `/v1/wishes/${wishId}/confirm`, body: { thanks: '谢谢' }, as: { worker: bearer(wishAuthor.token) } };
    },
    expect: { otherWorker: 404, ...ORG_SCOPED },
  },
  'POST /v1/wishes/{wishId}/fund': { prepare: 'each', call: async () => ({ path: `/v1/wishes/${await openWish()}/fund` }), expect: ORG_SCOPED },
  'GET /v1/donors/me/gifts': { call: () => ({ path: '/v1/donors/me/gifts' }) },
  'PUT /v1/donors/{accountId}/claim-limit': { call: () => ({ path: `/v1/donors/${ids.donor}/claim-limit`, body: { limit: 25 } }) },
  // Every account sets its own webhook (the events of its kind by default), reads and removes its own.
  'PUT /v1/accounts/me/webhook': { call: () => ({ path: '/v1/accounts/me/webhook', body: { url: 'http://127.0.0.1:9/hook' } }) },
  'GET /v1/accounts/me/webhook': { call: async () => ({ path: (await webhooksForEveryAccount(), '/v1/accounts/me/webhook') }) },
  'DELETE /v1/accounts/me/webhook': { prepare: 'each', call: async () => ({ path: (await webhooksForEveryAccount(), '/v1/accounts/me/webhook') }) },
  'GET /v1/accounts/me/webhook/deliveries': { call: () => ({ path: '/v1/accounts/me/webhook/deliveries?status=pending' }) },
  'POST /v1/accounts/me/webhook/test': { call: async () => ({ path: (await webhooksForEveryAccount(), '/v1/accounts/me/webhook/test') }) },
  // The partner's own ping: every other account is told there is no such delivery.
  'POST /v1/accounts/me/webhook/deliveries/{deliveryId}/retry': {
    call: async () => {
      await webhooksForEveryAccount();
      const ping = await setupBody(as('partner', 'POST', '/v1/accounts/me/webhook/test'), 202);
      return { path: `/v1/accounts/me/webhook/deliveries/${ping.id}/retry` };
    },
    expect: { otherPartner: 404, donor: 404, otherDonor: 404, employer: 404, otherEmployer: 404 },
  },

  'GET /v1/notifications/me': { call: () => ({ path: '/v1/notifications/me' }) },
  'POST /v1/notifications/me/read': { call: () => ({ path: '/v1/notifications/me/read', body: { ids: ['ntf_none'] } }) },
};

/** A webhook for each account caller, to a port nothing listens on (deliveries fail and are retried: no row waits for them). */
async function webhooksForEveryAccount(): Promise<void> {
  for (const caller of ['partner', 'otherPartner', 'donor', 'otherDonor', 'employer', 'otherEmployer'] as const) {
    await setupBody(as(caller, 'PUT', '/v1/accounts/me/webhook', { url: 'http://127.0.0.1:9/hook' }), 200);
  }
}

/** Workers checked in at the fair, as the callers named. */
async function checkedIn(...callers: Caller[]) {
  const entries = await Promise.all(
    callers.map(async (caller) => {
      const worker = bearer(await province.token({ role: 'worker', sub: `visitor-${seed++}` }));
      await setupBody(province.request('POST', `/v1/fairs/${ids.fair}/checkins`, { body: { checkinToken: ids.checkinToken }, headers: worker }));
      return [caller, worker];
    }),
  );
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  province = await startTestProvince();
  world = await wishWorld(province);
  headers.none = {};
  headers.orgAdmin = bearer(world.staff.siming);
  headers.ancestorAdmin = bearer(world.staff.xiamen);
  headers.siblingAdmin = bearer(world.staff.huli);
  headers.provinceAdmin = bearer(world.admin);
  const [worker, otherWorker] = [await member(), await member()];
  wishAuthor = await member();
  headers.worker = bearer(worker.token);
  headers.otherWorker = bearer(otherWorker.token);
  for (const kind of ['partner', 'donor', 'employer'] as const) {
    for (const caller of [kind, `other${kind[0]!.toUpperCase()}${kind.slice(1)}`] as Caller[]) {
      const account = await setupBody(world.bearer(world.admin, 'POST', '/v1/accounts', { kind, name: `厦门${caller}有限公司`, creditCode: validCreditCode(seed++) }));
      headers[caller] = { 'x-api-key': account.apiKey };
      ids[caller] = account.id;
    }
  }
  // The rows claim a wish per caller: the donor's open claims go well past the default limit.
  await setupBody(world.bearer(world.admin, 'PUT', `/v1/donors/${ids.donor}/claim-limit`, { limit: 500 }), 200);
  ids.spareAccount = (await setupBody(world.bearer(world.admin, 'POST', '/v1/accounts', { kind: 'donor', name: '厦门备用账户有限公司', creditCode: validCreditCode(seed++) }))).id;

  ids.rider = 'MATRIX-RIDER-P';
  ids.roster = await roster('partner', 'completed', ids.rider);
  const rivalRoster = await roster('otherPartner', 'completed', 'MATRIX-RIDER-Q');

  ids.campaign = (await world.campaign({ quota: 200, budgetFen: 10_000_000 })).id;
  ids.workersWish = await openWish(worker);
  await setupBody(world.bearer(worker.token, 'PUT', '/v1/job-seekers/me', seekerProfile), 200);
  await setupBody(world.bearer(otherWorker.token, 'PUT', '/v1/job-seekers/me', seekerProfile), 200);
  ids.job = (await setupBody(as('employer', 'POST', '/v1/jobs', jobPosting()))).id;

  const fair = await eventually(async () => {
    const response = await as('orgAdmin', 'POST', '/v1/fairs', { orgId: world.orgs.siming, title: '思明区专场招聘会', startsAt: later(-3600_000), endsAt: later(5 * 3600_000), venue: '思明区工人文化宫', online: false });
    return response.status === 201 ? response.body : undefined;
  });
  ids.fair = fair.id;
  await setupBody(as('employer', 'POST', `/v1/fairs/${ids.fair}/booths`, { jobIds: [ids.job] }));
  ids.checkinToken = (await setupBody(as('orgAdmin', 'POST', `/v1/fairs/${ids.fair}/checkin-links`))).token;
  // The help service learns of the worker's membership by event: until then the request goes by region (to the same org here).
  ids.helpRequest = await helpRequest();
  ids.station = (await eventually(async () => {
    const response = await as('orgAdmin', 'POST', '/v1/stations', stationBody());
    return response.status === 201 ? response.body : undefined;
  })).id;
  ids.course = (await eventually(async () => {
    const response = await as('orgAdmin', 'POST', '/v1/courses', courseBody());
    return response.status === 201 ? response.body : undefined;
  })).id;
  ids.enrolledWorker = worker.workerId;
  await setupBody(world.bearer(worker.token, 'POST', `/v1/courses/${ids.course}/enrollments`));
  ids.certificate = (await setupBody(as('orgAdmin', 'POST', `/v1/courses/${ids.course}/completions`, { workerIds: [worker.workerId] }), 200)).certificates[0].certificateNo;

  privateTo.partner = [ids.roster, ids.rider, ids.partner!];
  privateTo.otherPartner = [rivalRoster, 'MATRIX-RIDER-Q', ids.otherPartner!];
  privateTo.donor = [ids.donor!];
  privateTo.otherDonor = [ids.otherDonor!];
  privateTo.worker = [worker.membershipId, ids.workersWish];
  privateTo.otherWorker = [otherWorker.membershipId];
  privateTo.orgAdmin = [worker.membershipId, otherWorker.membershipId];
}, 240_000);

afterAll(async () => {
  await province?.stop();
});

const key = (route: RouteSpec) => `${route.method} ${route.path}`;

/** The cell's expected answer: the row's word, else by the route's allow-list. */
function expectedFor(route: RouteSpec, row: Row, caller: Caller): Expected {
  if (route.allow === 'public') return OK;
  const role = ROLE[caller];
  if (!role) return 401;
  if (!route.allow.includes(role)) return 403;
  return row.expect?.[caller] ?? OK;
}

describe('the authorization matrix', () => {
  it('has a row for every route, and none for a route that is gone', () => {
    expect(Object.keys(ROWS).sort()).toEqual(routes.map(key).sort());
  });

  for (const route of routes) {
    const row = ROWS[key(route)];
    if (!row) continue;
    it(`${key(route)}: each kind of caller gets its cell's answer, and nothing of another tenant`, async () => {
      // Refusals first: they change nothing, so every caller after them meets the same state.
      const order = [...CALLERS].sort((a, b) => Number(expectedFor(route, row, a) === OK) - Number(expectedFor(route, row, b) === OK));
      const got: Partial<Record<Caller, number>> = {};
      const leaks: string[] = [];
      let shared: Call | undefined;
      let allowedBefore = false;
      for (const caller of order) {
        const call = row.prepare === 'each' ? await row.call() : (shared ??= await row.call());
        const response = await province.request(route.method, call.path, { body: call.body, headers: call.as?.[caller] ?? headers[caller] });
        const expected = expectedFor(route, row, caller);
        got[caller] = response.status;
        answers.push(JSON.stringify(response.body ?? ''));
        const fits = expected === OK ? (response.status >= 200 && response.status < 300) || (allowedBefore && response.status === 409 && row.prepare !== 'each') : response.status === expected;
        if (!fits) leaks.push(`${caller}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        if (expected === OK) allowedBefore = true;
        if (response.status >= 300 && !String(response.headers.get('content-type')).includes('application/problem+json')) leaks.push(`${caller}: a ${response.status} that is not problem+json`);
        // A refusal may name the id the caller sent; only what an answer shows can leak.
        if (response.status >= 300) continue;
        const text = JSON.stringify(response.body ?? '');
        const rival = RIVAL[caller];
        for (const secret of (rival && privateTo[rival]) ?? []) if (text.includes(secret)) leaks.push(`${caller} was shown ${secret}, which is ${rival}'s`);
      }
      expect(leaks.join("\n"), JSON.stringify(got)).toBe("");
    });
  }
});

describe('mass assignment', () => {
  const errorPaths = (response: ApiResponse) => (response.body.errors ?? []).map((error: { path: string }) => error.path);

  it('refuses fields only the system sets, naming each, and writes nothing', async () => {
    const cases: [Caller, string, string, Record<string, unknown>, string[]][] = [
      ['worker', 'POST', `/v1/campaigns/${ids.campaign}/wishes`, { ...wishBody(), status: 'open', claimedBy: ids.donor }, ['body.status', 'body.claimedBy']],
      ['orgAdmin', 'POST', '/v1/campaigns', { orgId: world.orgs.siming, title: '预算造假', opensAt: later(0), closesAt: later(DAY), budgetFen: 100, quota: 1, maxValueFen: 100, spentFen: 0 }, ['body.spentFen']],
      ['worker', 'PUT', '/v1/memberships/me/consent', { shareWithPlatforms: true, memberNo: '2026-000001', status: 'active' }, ['body.memberNo', 'body.status']],
      ['employer', 'PUT', `/v1/jobs/${ids.job}`, { ...jobPosting(), status: 'open', employerId: ids.otherEmployer }, ['body.status', 'body.employerId']],
      ['donor', 'PUT', `/v1/donors/${ids.donor}/claim-limit`, { limit: 1000 }, []],
    ];
    const wishesBefore = (await as('worker', 'GET', '/v1/wishes/me')).body.items.length;
    for (const [caller, method, path, body, named] of cases) {
      const response = await as(caller, method, path, body);
      if (named.length === 0) {
        // Not even the shape is checked for a caller the route does not admit.
        expect(response.status, path).toBe(403);
        continue;
      }
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(400);
      expect(errorPaths(response)).toEqual(expect.arrayContaining(named));
    }
    expect((await as('worker', 'GET', '/v1/wishes/me')).body.items).toHaveLength(wishesBefore);
  });

  it("refuses another org's id in a body from staff who may not see it", async () => {
    const huli = world.orgs.huli;
    const attempts: [string, Record<string, unknown>][] = [
      ['/v1/orgs', { name: '越权联合工会', kind: 'joint_union', parentId: huli, regionCode: '350206' }],
      ['/v1/fairs', { orgId: huli, title: '越权招聘会', startsAt: later(-3600_000), endsAt: later(3600_000), venue: '湖里区工人文化宫', online: false }],
      ['/v1/campaigns', { orgId: huli, title: '越权心愿', opensAt: later(0), closesAt: later(DAY), budgetFen: 100, quota: 1, maxValueFen: 100 }],
    ];
    for (const [path, body] of attempts) {
      const response = await as('orgAdmin', 'POST', path, body);
      expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(404);
    }
    const children = await as('siblingAdmin', 'GET', `/v1/orgs/${huli}/children`);
    expect(children.body.items.map((org: { name: string }) => org.name)).not.toContain('越权联合工会');
  });
});

describe('personal data at rest and in answers', () => {
  // Every person the matrix made (members, applicants, riders) has a valid ID number and mobile.
  const ID_NUMBER = /(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/;
  const MOBILE = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/;
  const NAMES = ['林小东', '陈小北', '骑手甲'];

  it('leaves no plain ID number, mobile or name of a test person in any table item', async () => {
    const found: string[] = [];
    let items = 0;
    for await (const [table, item] of provinceItems(province)) {
      items++;
      const text = JSON.stringify(item);
      for (const pattern of [ID_NUMBER, MOBILE]) {
        const match = text.match(pattern);
        if (match) found.push(`${table}: ${match[0].slice(0, 4)}… in ${String(item.pk).slice(0, 40)}`);
      }
      for (const name of NAMES) if (text.includes(name)) found.push(`${table}: a name in ${String(item.pk).slice(0, 40)}`);
    }
    expect(items).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it('never showed a plain ID number in any answer of the matrix', () => {
    expect(answers.length).toBeGreaterThan(900);
    expect(answers.filter((text) => ID_NUMBER.test(text))).toEqual([]);
  });
});
