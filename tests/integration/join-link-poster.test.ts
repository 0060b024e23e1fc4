import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrgTree } from '../helpers/org-tree.js';
import { eventually, startTestProvince, type ApiResponse, type TestProvince } from '../helpers/province.js';

// jsqr is CommonJS with its function on `exports.default`.
const jsQR = (createRequire(import.meta.url)('jsqr') as typeof import('jsqr')).default;

/** The URL in a PNG poster's QR code, after checking it is an A4 PNG with the red band on white paper. */
function qrOfPngPoster(response: ApiResponse): string | undefined {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const image = PNG.sync.read(response.body as Buffer);
  expect([image.width, image.height]).toEqual([1240, 1754]);
  const pixel = (x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3)];
  expect(pixel(5, 5)).toEqual([0xc8, 0x10, 0x2e]);
  expect(pixel(5, 600)).toEqual([255, 255, 255]);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

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

    expect(qrOfPngPoster(response)).toBe(url);
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

describe('GET /v1/fairs/{fairId}/checkin-links/{token}/poster', () => {
  const hour = 3_600_000;
  let fairId: string;
  let checkin: { token: string; url: string };
  const checkinPosterOf = (token: string, caller = staff.siming!, accept = 'image/svg+xml') =>
    province.request('GET', `/v1/fairs/${fairId}/checkin-links/${token}/poster`, { headers: { authorization: `Bearer ${caller}`, accept } });

  beforeAll(async () => {
    const body = { orgId: orgs.siming!.id, title: '夜班岗位专场', startsAt: new Date(Date.now() + hour).toISOString(), endsAt: new Date(Date.now() + 5 * hour).toISOString(), venue: '思明区工人文化宫', online: false };
    // The jobs service learns of orgs by event: the org is found a moment after it is created.
    fairId = (await eventually(async () => {
      const response = await as(staff.siming!, 'POST', '/v1/fairs', body);
      return response.status === 201 ? response.body : undefined;
    })).id;
    const response = await as(staff.siming!, 'POST', `/v1/fairs/${fairId}/checkin-links`);
    expect(response.status).toBe(201);
    checkin = response.body;
  });

  it('draws the entrance poster with the organizing union, the fair, where and the check-in QR code', async () => {
    const response = await checkinPosterOf(checkin.token);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = response.body as string;
    for (const text of ['思明区总工会', '夜班岗位专场', '入场扫码签到', '思明区工人文化宫']) expect(svg).toContain(text);
    expect(qrOfPngPoster(await checkinPosterOf(checkin.token, staff.siming!, 'image/png'))).toBe(checkin.url);
  });

  it('is drawn for staff of an ancestor org and not found for another subtree', async () => {
    expect((await checkinPosterOf(checkin.token, staff.xiamen!)).status).toBe(200);
    expect((await checkinPosterOf(checkin.token, staff.huli!)).status).toBe(404);
  });

  it('refuses a code the fair never issued, naming path.token', async () => {
    const response = await checkinPosterOf(`${checkin.token.slice(0, -2)}xx`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'path.token', message: expect.stringContaining('not a check-in code') }]);
  });
});
