import { creditCodeCheckCharacter } from '../shared/identity/credit-code.js';
import { seedHelp } from './seed-help.js';
import { seedCourses } from './seed-courses.js';
import { seedJobs } from './seed-jobs.js';
import { seedStations } from './seed-stations.js';
import { yearInShanghai } from '../shared/wall-clock.js';
import { seedWishes } from './seed-wishes.js';
import type { LocalIssuer } from './tokens.js';

/** What `.local/demo.json` holds (api.md, "Local run only"). */
export interface Demo {
  apiUrl: string;
  province: string;
  rootOrgId: string;
  orgs: Record<string, { id: string; name: string; kind: string; regionCode: string }>;
  accounts: Record<'partner' | 'donor' | 'employer', { id: string; apiKey: string }>;
  /** A join link of 莲前街道联合工会 to try `POST /v1/memberships` with. */
  joinLink: string;
  /** The running micro-wish campaign of 思明区总工会, with the active demo members' wishes open. */
  campaignId: string;
  tokens: { provinceAdmin: string };
  endpoints: { dynamodb: string; sqs: string };
  /** Tables and queues are named `<prefix><name>` (`npm run admin -- dlq` finds queues by it); `npm start` adds it. */
  prefix?: string;
}

/** The demo's union tree in 福建省 and 厦门市: key, name, kind, parent key, region. */
const demoOrgs = [
  ['root', '福建省总工会', 'federation', null, '350000'],
  ['xiamen', '厦门市总工会', 'federation', 'root', '350200'],
  ['siming', '思明区总工会', 'federation', 'xiamen', '350203'],
  ['huli', '湖里区总工会', 'federation', 'xiamen', '350206'],
  ['xiamenCourier', '厦门市快递行业工会联合会', 'industry_federation', 'xiamen', '350200'],
  ['lianqian', '莲前街道联合工会', 'joint_union', 'siming', '350203'],
  ['riderUnion', '闽送即配厦门分公司工会', 'enterprise_union', 'xiamenCourier', '350206'],
] as const;

const demoAccounts = [
  ['partner', '闽送即配网络科技有限公司', '91350200MA2Y0001'],
  ['donor', '厦门鹭岛爱心电器有限公司', '91350203MA2Y0002'],
  ['employer', '厦门海湾家政服务有限公司', '91350206MA2Y0003'],
] as const;

/** A valid credit code from a 16-character stem: `9` category plus padding and its GB 32100 check character. */
const creditCode = (stem: string) => {
  const first17 = stem.padEnd(17, '0');
  return first17 + creditCodeCheckCharacter(first17);
};

async function call(apiUrl: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Seeding ${method} ${path} failed with ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Join links are minted by the orgs service, where the org lives: no waiting for any projection. */
async function createJoinLink(apiUrl: string, token: string, orgId: string): Promise<string> {
  return (await call(apiUrl, token, 'POST', `/v1/orgs/${orgId}/join-links`, { expiresInDays: 365 })).token;
}

/** Fictional riders (valid-format identity numbers, never real people). */
const demoRiders = [
  { riderId: 'MS-0001', name: '林小东', mobile: '13800000001', idNumber: '350203199001010018', occupation: 'food_delivery', station: '莲前站' },
  { riderId: 'MS-0002', name: '黄志强', mobile: '13800000003', idNumber: '350206199203150018', occupation: 'food_delivery', station: '湖里站' },
  { riderId: 'MS-0003', name: '郑美玲', mobile: '13800000004', idNumber: '350203199507070026', occupation: 'courier', station: '莲前站' },
] as const;

/**
 * 林小东 and 郑美玲 ride for the partner and verify their mobiles by SMS code (active at once);
 * 陈大海 is on no roster (pending review).
 */
const demoMembers = [
  { worker: 'demo-worker-1', name: '林小东', mobile: '13800000001', idNumber: '350203199001010018', occupation: 'food_delivery', verifyMobile: true },
  { worker: 'demo-worker-2', name: '陈大海', mobile: '13800000002', idNumber: '350203198805200023', occupation: 'courier', verifyMobile: false },
  { worker: 'demo-worker-3', name: '郑美玲', mobile: '13800000004', idNumber: '350203199507070026', occupation: 'courier', verifyMobile: true },
] as const;

async function callWithKey(apiUrl: string, apiKey: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Seeding ${method} ${path} failed with ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** The partner pushes a one-chunk snapshot roster and waits until it is applied. */
async function seedRoster(apiUrl: string, partnerKey: string): Promise<void> {
  const roster = await callWithKey(apiUrl, partnerKey, 'POST', '/v1/rosters', { mode: 'snapshot', asOf: new Date().toISOString() });
  const rows = demoRiders.map((rider) => ({ ...rider, regionCode: '350203', status: 'active' }));
  await callWithKey(apiUrl, partnerKey, 'PUT', `/v1/rosters/${roster.id}/chunks/1`, { rows });
  await callWithKey(apiUrl, partnerKey, 'POST', `/v1/rosters/${roster.id}/complete`, { chunks: 1 });
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await callWithKey(apiUrl, partnerKey, 'GET', `/v1/rosters/${roster.id}`)).status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The demo roster was not applied within 10 s');
}

/** Asks for a verification code as the worker and reads it from the local SMS outbox (`GET /local/sms`). */
async function verifyMobile(apiUrl: string, worker: string, mobile: string): Promise<{ verificationId: string; code: string }> {
  const { verificationId } = await call(apiUrl, worker, 'POST', '/v1/verifications/mobile', { mobile });
  const outbox = (await (await fetch(`${apiUrl}/local/sms?mobile=${mobile}`)).json()) as { items: { text: string }[] };
  const code = /\b(\d{6})\b/.exec(outbox.items[0]?.text ?? '')?.[1];
  if (!code) throw new Error('Seeding: no verification code in the local SMS outbox');
  return { verificationId, code };
}

/**
 * The membership service learns of roster rows through events, a moment after the roster; it
 * announces each row it recorded (RiderMembershipChanged), which the stats count as riders: when
 * they all count, activation by roster can work.
 */
async function rowsKnownToMembership(apiUrl: string, token: string, rootOrgId: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    // 404 until the stats service has projected the root org itself.
    const response = await fetch(`${apiUrl}/v1/orgs/${rootOrgId}/stats`, { headers: { authorization: `Bearer ${token}` } });
    const stats = response.ok ? ((await response.json()) as { rosters?: { riders: number } }) : undefined;
    if ((stats?.rosters?.riders ?? 0) >= demoRiders.length) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The membership service did not learn of the demo roster within 10 s');
}

/** Has the demo members join; returns the tokens of those active at once. */
async function seedMembers(input: { apiUrl: string; issuer: LocalIssuer }, joinToken: string): Promise<string[]> {
  const active: string[] = [];
  for (const { worker: sub, verifyMobile: verify, ...person } of demoMembers) {
    const worker = await input.issuer.mint({ role: 'worker', sub });
    const mobileVerification = verify ? await verifyMobile(input.apiUrl, worker, person.mobile) : undefined;
    await call(input.apiUrl, worker, 'POST', '/v1/memberships', {
      joinToken,
      ...person,
      regionCode: '350203',
      consent: { version: '2026-01', accepted: true },
      ...(mobileVerification ? { mobileVerification } : {}),
    });
    if (verify) active.push(worker);
  }
  return active;
}

/**
 * Seeds the demo province through the public API, as an admin would, so the seed exercises
 * the same handlers, events and projections as any client. `previous` is the last run's
 * demo: when its root org still exists, only the admin token is renewed.
 */
export async function seedDemo(
  input: { apiUrl: string; provinceCode: string; issuer: LocalIssuer; endpoints: Demo['endpoints'] },
  previous?: Demo,
): Promise<Demo> {
  const provinceAdmin = await input.issuer.mint({ role: 'province_admin', sub: 'demo-province-admin' });
  if (previous) {
    const root = await fetch(`${input.apiUrl}/v1/orgs/${previous.rootOrgId}`, { headers: { authorization: `Bearer ${provinceAdmin}` } });
    if (root.ok) return { ...previous, apiUrl: input.apiUrl, tokens: { provinceAdmin }, endpoints: input.endpoints };
  }
  const orgs: Demo['orgs'] = {};
  for (const [key, name, kind, parent, regionCode] of demoOrgs) {
    const parentId = parent === null ? null : orgs[parent]!.id;
    orgs[key] = await call(input.apiUrl, provinceAdmin, 'POST', '/v1/orgs', { name, kind, parentId, regionCode });
  }
  const accounts = {} as Demo['accounts'];
  for (const [kind, name, stem] of demoAccounts) {
    const { id, apiKey } = await call(input.apiUrl, provinceAdmin, 'POST', '/v1/accounts', { kind, name, creditCode: creditCode(stem) });
    accounts[kind] = { id, apiKey };
  }
  const joinLink = await createJoinLink(input.apiUrl, provinceAdmin, orgs.lianqian!.id);
  await seedRoster(input.apiUrl, accounts.partner.apiKey);
  await rowsKnownToMembership(input.apiUrl, provinceAdmin, orgs.root!.id);
  const memberTokens = await seedMembers(input, joinLink);
  await seedJobs(input.apiUrl, { employerKey: accounts.employer.apiKey, staffToken: provinceAdmin, orgId: orgs.siming!.id });
  const { campaignId } = await seedWishes(input.apiUrl, { staffToken: provinceAdmin, orgId: orgs.siming!.id, memberTokens });
  await seedStations(input.apiUrl, { staffToken: provinceAdmin, orgIds: { xiamen: orgs.xiamen!.id, siming: orgs.siming!.id, huli: orgs.huli!.id } });
  await seedCourses(input.apiUrl, { staffToken: provinceAdmin, orgIds: { xiamen: orgs.xiamen!.id, siming: orgs.siming!.id, huli: orgs.huli!.id } });
  await seedHelp(input.apiUrl, {
    staffToken: provinceAdmin,
    orgIds: { siming: orgs.siming!.id, huli: orgs.huli!.id },
    memberToken: memberTokens[0]!,
    nonMemberToken: await input.issuer.mint({ role: 'worker', sub: 'demo-worker-4' }),
    year: yearInShanghai(new Date()),
  });
  return {
    apiUrl: input.apiUrl,
    province: input.provinceCode,
    rootOrgId: orgs.root!.id,
    orgs,
    accounts,
    joinLink,
    campaignId,
    tokens: { provinceAdmin },
    endpoints: input.endpoints,
  };
}
