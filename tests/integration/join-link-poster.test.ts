import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrgTree } from '../helpers/org-tree.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

// jsqr is CommonJS with its function on `exports.default`.
const jsQR = (createRequire(import.meta.url)('jsqr') as typeof import('jsqr')).default;

let province: TestProvince;
const orgs: Record<string, { id: string }> = {};
const staff: Record<string, string> = {};

const as = (token: string, method: string, path: string, body?: unknown) => province.request(method, path, { body, headers: { authorization: `Bearer ${token}` } });
const posterOf = (orgId: string, token: string, caller = staff.siming!, accept?: string) =>
  province.request('GET', `/v1/orgs/${orgId}/join-links/${token}/poster`, { headers: { authorization: `Bearer ${caller}`, ...(accept ? { accept } : {}) } });

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

  it('draws the same poster as a PNG for Accept: image/png, whose QR code opens the join URL', async () => {
    const { token, url } = await link({ station: '莲前驿站' });

    const response = await posterOf(orgs.siming!.id, token, staff.siming!, 'image/png');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const image = PNG.sync.read(response.body as Buffer);
    // A4 at 150 dpi, the org's red band on top, white paper below it.
    expect([image.width, image.height]).toEqual([1240, 1754]);
    const pixel = (x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3)];
    expect(pixel(5, 5)).toEqual([0xc8, 0x10, 0x2e]);
    expect(pixel(5, 600)).toEqual([255, 255, 255]);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(url);
  });

  it('stays SVG for a browser\'s Accept, and for one that prefers SVG', async () => {
    const { token } = await link();
    for (const accept of ['text/html,application/xhtml+xml,*/*;q=0.8', 'image/svg+xml, image/png;q=0.5']) {
      expect((await posterOf(orgs.siming!.id, token, staff.siming!, accept)).headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    }
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
