import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrgTree } from '../helpers/org-tree.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

let province: TestProvince;
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};

const as = (token: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { authorization: `Bearer ${token}` } });
const posterOf = (orgId: string, token: string, caller = staff.siming!) => as(caller, 'GET', `/v1/orgs/${orgId}/join-links/${token}/poster`);

async function link(body: Record<string, unknown> = {}): Promise<{ token: string; url: string }> {
  const response = await as(staff.siming!, 'POST', `/v1/orgs/${orgs.siming!.id}/join-links`, body);
  expect(response.status).toBe(201);
  return response.body;
}

const expectRefusedToken = (response: ApiResponse) => {
  expect(response.status).toBe(400);
  expect(response.body.errors).toEqual([{ path: 'path.token', message: expect.stringContaining('not a valid join link') }]);
};

beforeAll(async () => {
  province = await startTestProvince();
  await seedOrgTree(province, await province.token({ role: 'province_admin', sub: 'admin' }), { orgs, staff });
});

afterAll(async () => {
  await province?.stop();
});

describe('GET /v1/orgs/{orgId}/join-links/{token}/poster', () => {
  it('draws an A4 SVG poster with the org, the call to action, the station and the last day', async () => {
    const { token } = await link({ expiresInDays: 30, station: '莲前驿站' });

    const response = await posterOf(orgs.siming!.id, token);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const svg = response.body as string;
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg [^>]*width="210mm" height="297mm"/);
    expect(svg).toContain('思明区总工会');
    expect(svg).toContain('扫码加入工会');
    expect(svg).toContain('驿站：莲前驿站');
    const lastDay = new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000);
    expect(svg).toContain(`有效期至 ${lastDay.getUTCFullYear()}年${lastDay.getUTCMonth() + 1}月${lastDay.getUTCDate()}日`);
    expect(svg).toMatch(/<path transform="[^"]+" d="(M\d+ \d+h1v1h-1z)+"/);
  });

  it('is drawn for staff of an ancestor org and not found for another subtree', async () => {
    const { token } = await link();
    expect((await posterOf(orgs.siming!.id, token, staff.xiamen!)).status).toBe(200);
    expect((await posterOf(orgs.siming!.id, token, staff.huli!)).status).toBe(404);
  });

  it('is not found under another org than the link\'s', async () => {
    const { token } = await link();
    expect((await posterOf(orgs.xiamen!.id, token, staff.xiamen!)).status).toBe(404);
  });

  it('refuses an altered token, naming path.token', async () => {
    const { token } = await link();
    expectRefusedToken(await posterOf(orgs.siming!.id, `${token.slice(0, -2)}xx`));
  });

  it('refuses a revoked link once the org hears of the revocation', async () => {
    const { token } = await link();
    expect((await as(staff.siming!, 'DELETE', `/v1/orgs/${orgs.siming!.id}/join-links/${token}`)).status).toBe(204);
    expectRefusedToken(await eventually(async () => {
      const response = await posterOf(orgs.siming!.id, token);
      return response.status === 200 ? undefined : response;
    }));
  });
});
