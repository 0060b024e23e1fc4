import { validCreditCode } from './identity.js';
import { seedOrgTree } from './org-tree.js';
import { eventually, type ApiResponse, type TestProvince } from './province.js';

/** Calls and fixtures the micro-wish tests share: orgs, staff, donors and campaigns. */
export interface WishWorld {
  province: TestProvince;
  admin: string;
  orgs: Record<'root' | 'xiamen' | 'siming' | 'huli', string>;
  staff: Record<'root' | 'xiamen' | 'siming' | 'huli', string>;
  bearer(token: string, method: string, path: string, body?: unknown): Promise<ApiResponse>;
  keyed(apiKey: string, method: string, path: string, body?: unknown): Promise<ApiResponse>;
  donor(name: string): Promise<{ id: string; apiKey: string }>;
  campaign(overrides?: Record<string, unknown>, staffToken?: string): Promise<any>;
}

let creditSeed = 700;
const HOUR = 3600_000;

export async function wishWorld(province: TestProvince): Promise<WishWorld> {
  const admin = await province.token({ role: 'province_admin', sub: 'admin' });
  const bearer = (token: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { authorization: `Bearer ${token}` } });
  const keyed = (apiKey: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { 'x-api-key': apiKey } });
  const seeded: { orgs: Record<string, { id: string }>; staff: Record<string, string> } = { orgs: {}, staff: {} };
  await seedOrgTree(province, admin, seeded);
  const orgs = Object.fromEntries(Object.entries(seeded.orgs).map(([key, org]) => [key, org.id])) as WishWorld['orgs'];
  const staff = seeded.staff as WishWorld['staff'];
  return {
    province,
    admin,
    orgs,
    staff,
    bearer,
    keyed,
    async donor(name) {
      const account = await bearer(admin, 'POST', '/v1/accounts', { kind: 'donor', name, creditCode: validCreditCode(creditSeed++) });
      if (account.status !== 201) throw new Error(`donor: ${account.status}`);
      return { id: account.body.id, apiKey: account.body.apiKey };
    },
    async campaign(overrides = {}, staffToken = staff.siming) {
      const body = {
        orgId: orgs.siming,
        title: '2026 暖心微心愿',
        opensAt: new Date(Date.now() - HOUR).toISOString(),
        closesAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
        budgetFen: 200_000,
        quota: 50,
        maxValueFen: 50_000,
        stations: [{ name: '莲前驿站', address: '思明区莲前西路 100 号' }],
        ...overrides,
      };
      const created = await eventually(async () => {
        const response = await bearer(staffToken, 'POST', '/v1/campaigns', body);
        return response.status === 404 ? undefined : response;
      });
      if (created.status !== 201) throw new Error(`campaign: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body;
    },
  };
}

export const wishBody = (overrides: Record<string, unknown> = {}) => ({
  title: '电饭煲',
  category: 'appliance',
  description: '家里的电饭煲坏了，想要一个新的，给孩子做饭。',
  valueFen: 30_000,
  ...overrides,
});

/**
 * A campaign of `orgId`, open from an hour ago for 30 days, created by its staff as soon as the
 * wishes service has heard of the org (it learns orgs by event).
 */
export async function openCampaign(province: TestProvince, staffToken: string, orgId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const body = { orgId, title: '暖心微心愿', opensAt: new Date(Date.now() - HOUR).toISOString(), closesAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString(), budgetFen: 100_000, quota: 10, maxValueFen: 50_000, ...overrides };
  const created = await eventually(async () => {
    const response = await province.request('POST', '/v1/campaigns', { body, headers: { authorization: `Bearer ${staffToken}` } });
    return response.status === 404 ? undefined : response;
  });
  if (created.status !== 201) throw new Error(`campaign: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** A member's wish in a campaign, submitted as soon as the wishes service has heard of the membership; its id. */
export async function submitWish(province: TestProvince, workerToken: string, campaignId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return eventually(async () => {
    const submitted = await province.request('POST', `/v1/campaigns/${campaignId}/wishes`, { body: wishBody(overrides), headers: { authorization: `Bearer ${workerToken}` } });
    return submitted.status === 201 ? (submitted.body.id as string) : undefined;
  });
}
